from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import CareCase


@tagged("post_install", "-at_install", "hotel_crm_care")
class TestCareCriteria(CareCase):
    """Who gets a courtesy call at check-in: the criteria of the stay's property."""

    def _check_in(self, guest, company=None):
        stay = self._booked(guest, company=company)
        stay.action_check_in()
        return self._checks(stay)

    def test_first_stay(self):
        check = self._check_in(self._guest("First Timer"))
        self.assertEqual(len(check), 1, "a guest on their first stay gets a courtesy call")
        self.assertTrue(check.reason_first_stay)
        self.assertEqual(check.criteria, "First Stay")
        self.assertFalse(check.reason_value or check.reason_tier or check.reason_at_risk or check.reason_complained)

    def test_returning_guest_matching_nothing(self):
        guest = self._returning("Quiet Regular")
        self.assertFalse(self._check_in(guest), "a returning guest who matches no criterion gets no call")
        # a cancelled or no-show earlier booking is not a stay: still the first one
        newcomer = self._guest("Booked Before")
        self._booked(newcomer, arrival=date(2025, 5, 1), state="cancelled")
        self.assertTrue(self._check_in(newcomer).reason_first_stay)

    def test_value_segment(self):
        major = self._returning("Major Guest", hotel_value_segment="major")
        vip = self._returning("VIP Guest", hotel_value_segment="vip")
        ordinary = self._returning("Ordinary Guest", hotel_value_segment="ordinary")
        self.assertTrue(self._check_in(major).reason_value)
        self.assertTrue(self._check_in(vip).reason_value)
        self.assertFalse(self._check_in(ordinary))

    def test_tier_at_or_above(self):
        gold = self._returning("Gold Member")
        platinum = self._returning("Platinum Member")
        silver = self._returning("Silver Member")
        gold.hotel_tier_id = self.gold
        platinum.hotel_tier_id = self.platinum
        silver.hotel_tier_id = self.silver
        self.assertTrue(self._check_in(gold).reason_tier, "Gold is the chosen tier")
        self.assertTrue(self._check_in(platinum).reason_tier, "above it")
        self.assertFalse(self._check_in(silver), "below it")
        # the chosen tier is the property's: Platinum at property B
        self.property_b.hotel_instay_check_tier_id = self.platinum
        self.assertFalse(self._check_in(gold, company=self.property_b), "Gold is below Platinum at B")

    def test_at_risk(self):
        guest = self._returning("Drifting Away", hotel_lifecycle_stage="at_risk")
        self.assertTrue(self._check_in(guest).reason_at_risk)

    def test_complaint_on_a_previous_stay(self):
        guest = self._guest("Complained Before")
        earlier = self._booked(guest, arrival=date(2025, 3, 1), nights=2, state="checked_out")
        self.env["hotel.crm.complaint"].create(
            {"name": "Cold room", "partner_id": guest.id, "stay_id": earlier.id, "company_id": self.property_a.id}
        )
        check = self._check_in(guest)
        self.assertTrue(check.reason_complained)
        self.assertFalse(check.reason_first_stay)

    def test_criteria_switched_off_per_property(self):
        self.property_b.hotel_instay_check_first_stay = False
        self.assertFalse(self._check_in(self._guest("Newcomer at B"), company=self.property_b))
        self.assertTrue(self._check_in(self._guest("Newcomer at A")), "property A keeps the criterion")

    def test_settings_are_per_property(self):
        settings = Form(self.env["res.config.settings"].with_company(self.property_b))
        settings.hotel_instay_check_at_risk = False
        settings.save().execute()
        self.assertFalse(self.property_b.hotel_instay_check_at_risk)
        self.assertTrue(self.property_a.hotel_instay_check_at_risk)


@tagged("post_install", "-at_install", "hotel_crm_care")
class TestCareCourtesyCall(CareCase):
    """The courtesy call: due date in the property's time zone, one per stay, its outcome once."""

    def test_due_the_morning_after_in_each_time_zone(self):
        # 20:00 UTC: already 04:00 on 6 March in Shanghai, still 21:00 on 5 March in Brussels
        with freeze_time("2026-03-05 20:00:00"):
            stay_a = self._booked(self._guest("Late Arrival A"))
            stay_b = self._booked(self._guest("Evening Arrival B"), company=self.property_b, user_id=self.desk_b.id)
            (stay_a | stay_b).action_check_in()
        check_a, check_b = self._checks(stay_a), self._checks(stay_b)
        self.assertEqual(check_a.date_due, date(2026, 3, 7), "checked in on 6 March, Shanghai time")
        self.assertEqual(check_a.deadline, datetime(2026, 3, 7, 4, 0), "noon in Shanghai")
        self.assertEqual(check_b.date_due, date(2026, 3, 6), "checked in on 5 March, Brussels time")
        self.assertEqual(check_b.deadline, datetime(2026, 3, 6, 11, 0), "noon in Brussels")
        call_a, call_b = self._calls(check_a), self._calls(check_b)
        self.assertEqual((call_a.date_deadline, call_b.date_deadline), (date(2026, 3, 7), date(2026, 3, 6)))
        self.assertEqual(call_a.user_id, self.relations, "property A's guest relations")
        self.assertEqual(call_b.user_id, self.desk_b, "no guest relations at B: the stay's responsible")

    def test_one_activity_per_stay(self):
        guest = self._guest("Checked In Twice")
        stay = self._booked(guest)
        stay.with_user(self.user_front).action_check_in()
        with self.assertRaises(UserError):
            stay.with_user(self.user_front).action_check_in()
        stay.write({"state": "in_house"})
        # a manager undoes the check-in and the desk checks the guest in again
        stay.with_user(self.user_manager).write({"state": "booked"})
        self.assertFalse(self._calls(self._checks(stay)), "the call went with the check-in")
        stay.with_user(self.user_front).action_check_in()
        # the PMS feed reports the same stay in house again
        result = self.Stay.import_stays(
            [
                {
                    "external_ref": stay.external_ref,
                    "company_id": self.property_a.id,
                    "guest_code": guest.hotel_guest_code,
                    "arrival_date": "2026-03-05",
                    "departure_date": "2026-03-08",
                    "state": "in_house",
                }
            ]
        )
        self.assertFalse(result["errors"], result)
        checks = self._checks(stay)
        self.assertEqual(len(checks), 1, "one check per stay")
        self.assertEqual(len(self._calls(checks)), 1, "and one courtesy call")

    def test_import_of_an_in_house_stay(self):
        result = self.Stay.import_stays(
            [
                {
                    "external_ref": "CARE-IMP-1",
                    "company_id": self.property_a.id,
                    "name": "Imported Newcomer",
                    "email": "imported.newcomer@example.com",
                    "arrival_date": "2026-03-05",
                    "departure_date": "2026-03-07",
                    "state": "in_house",
                }
            ]
        )
        self.assertEqual(result["created"], 1, result)
        stay = self.Stay.search([("external_ref", "=", "CARE-IMP-1")])
        self.assertEqual(len(self._calls(self._checks(stay))), 1)

    def test_satisfied_once_on_time(self):
        with freeze_time("2026-03-05 08:00:00"):  # 16:00 in Shanghai
            stay = self._booked(self._guest("Happy Guest"))
            stay.action_check_in()
        check = self._checks(stay)
        with freeze_time("2026-03-06 02:30:00"):  # 10:30 the next morning in Shanghai
            stay.with_user(self.relations).action_hotel_instay_satisfied()
        self.assertEqual(check.outcome, "satisfied")
        self.assertEqual(check.done_user_id, self.relations)
        self.assertTrue(check.on_time, "before noon")
        self.assertFalse(self._calls(check), "the courtesy call is done")
        self.assertTrue(
            check.message_ids.filtered(lambda m: m.mail_activity_type_id == self.activity_type),
            "the done call is in the check's chatter",
        )
        with self.assertRaisesRegex(UserError, "cannot be recorded twice"):
            check.with_user(self.relations).action_issue()
        self.assertFalse(self.env["hotel.crm.complaint"].search([("stay_id", "=", stay.id)]))

    def test_late_call(self):
        with freeze_time("2026-03-05 08:00:00"):
            stay = self._booked(self._guest("Called Late"))
            stay.action_check_in()
        with freeze_time("2026-03-06 05:00:00"):  # 13:00 in Shanghai
            self._checks(stay).with_user(self.relations).action_satisfied()
        self.assertFalse(self._checks(stay).on_time)

    def test_issue_opens_one_complaint_on_the_in_house_stay(self):
        stay = self._booked(self._guest("Noisy Room"))
        stay.action_check_in()
        check = self._checks(stay).with_user(self.user_front)
        check.note = "Noise from the bar until 2 am."
        action = check.action_issue()
        complaints = self.env["hotel.crm.complaint"].search([("stay_id", "=", stay.id)])
        self.assertEqual(len(complaints), 1)
        self.assertEqual(action["res_model"], "hotel.crm.complaint")
        self.assertEqual(action["res_id"], complaints.id, "the complaint opens for the user")
        self.assertEqual(complaints.channel, "in_stay_check")
        self.assertEqual(complaints.partner_id, stay.partner_id)
        self.assertEqual(complaints.company_id, self.property_a)
        self.assertEqual(stay.state, "in_house", "fixed before departure: the stay is still in house")
        self.assertIn("Noise from the bar", complaints.description)
        self.assertEqual((check.outcome, check.complaint_id), ("issue", complaints))
        self.assertEqual(check.done_user_id, self.user_front)
        self.assertFalse(self._calls(check))
        with self.assertRaisesRegex(UserError, "cannot be recorded twice"):
            check.action_issue()
        self.assertEqual(self.env["hotel.crm.complaint"].search_count([("stay_id", "=", stay.id)]), 1)

    def test_call_marked_done_from_the_chatter(self):
        with freeze_time("2026-03-05 08:00:00"):
            stay = self._booked(self._guest("Called From Chatter"))
            stay.action_check_in()
        check = self._checks(stay)
        check.with_user(self.relations).write({"note": "Prefers a quiet room."})
        call = self._calls(check)
        self.assertEqual(call.user_id, self.relations)
        with freeze_time("2026-03-06 02:30:00"):  # 10:30 the next morning in Shanghai
            call.with_user(self.relations).action_feedback(feedback="  Guest happy, asked for late checkout.  ")
        self.assertEqual(
            (check.outcome, check.done_user_id, check.done_date),
            ("contacted", self.relations, datetime(2026, 3, 6, 2, 30)),
        )
        self.assertTrue(check.on_time, "before noon")
        self.assertEqual(check.note, "Prefers a quiet room.\n\nGuest happy, asked for late checkout.")
        self.assertFalse(self._calls(check), "the call is done")
        self.assertTrue(
            check.message_ids.filtered(lambda m: m.mail_activity_type_id == self.activity_type),
            "the done call is in the check's chatter",
        )
        self.assertEqual(stay.hotel_instay_outcome, "contacted")
        with self.assertRaisesRegex(UserError, "cannot be recorded twice"):
            check.with_user(self.relations).action_issue()

    def test_call_marked_done_without_feedback_by_the_desk(self):
        stay = self._booked(self._guest("Done By Desk"))
        stay.action_check_in()
        check = self._checks(stay)
        self._calls(check).with_user(self.user_front).action_done()
        self.assertEqual((check.outcome, check.done_user_id), ("contacted", self.user_front))
        self.assertFalse(check.note, "no feedback, no note")
        self.assertFalse(self._calls(check))

    def test_button_then_no_second_outcome(self):
        stay = self._booked(self._guest("Button First"))
        stay.action_check_in()
        check = self._checks(stay)
        check.with_user(self.relations).action_satisfied()
        self.assertEqual(check.outcome, "satisfied", "the button's outcome, not Contacted")
        self.assertFalse(self._calls(check))

    def test_outcome_refused_on_the_server(self):
        stay = self._booked(self._guest("Guarded"))
        stay.action_check_in()
        check = self._checks(stay)
        with self.assertRaises(AccessError):
            check.with_user(self.user_front).write({"outcome": "satisfied"})
        with self.assertRaises(AccessError):
            check.with_user(self.user_front).write({"done_user_id": self.user_manager.id})
        # the desk of another property cannot even see it
        with self.assertRaises(AccessError):
            check.with_user(self.desk_b).action_satisfied()
        # an employee without Hotel CRM rights neither
        outsider = new_test_user(self.env, login="care_outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            check.with_user(outsider).action_issue()
        self.assertEqual(check.outcome, "none")
        # a note is the user's to write
        check.with_user(self.user_front).write({"note": "Asked for extra towels."})
        self.assertEqual(check.note, "Asked for extra towels.")

    def test_only_in_house(self):
        stay = self._booked(self._guest("Gone Already"))
        stay.action_check_in()
        check = self._checks(stay)
        stay.action_check_out()
        self.assertFalse(self._calls(check), "the guest left: no call to make")
        with self.assertRaisesRegex(UserError, "no longer in house"):
            check.with_user(self.user_front).action_satisfied()
        self.assertEqual(check.outcome, "none", "counted as not done")
