from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from ..common import TODAY, TestValueCommon


@tagged("post_install", "-at_install", "hotel_crm_preference", "hotel_crm_value")
class TestValueInferredPreferences(TestValueCommon):
    @freeze_time(TODAY)
    def test_inferred_from_last_three_stays(self):
        categories = {
            c.code: c
            for c in self.env["hotel.crm.preference.category"].search([("code", "in", ("room_type", "bed", "floor"))])
        }
        day = TODAY - timedelta(days=200)
        suite, king, lake = "Executive Suite", "Deluxe King", "Lake View King"
        guest = self._guest(
            "Habits",
            [
                # oldest: not among the last three
                (day, 1, 100.0, "checked_out", {"room_type": suite, "bed_type": "Twin beds", "room_number": "0805"}),
                (day + timedelta(days=30), 1, 100.0, "checked_out", {"room_type": suite, "room_number": "1203"}),
                (day + timedelta(days=60), 1, 100.0, "checked_out",
                 {"room_type": king, "bed_type": "King bed", "room_number": "1208"}),
                (day + timedelta(days=90), 1, 100.0, "checked_out",
                 {"room_type": king.lower(), "bed_type": "King bed", "room_number": "0310"}),
                # cancelled stays are no habit
                (day + timedelta(days=95), 1, 100.0, "cancelled", {"room_type": lake, "bed_type": "Twin beds"}),
                (day + timedelta(days=96), 1, 100.0, "cancelled", {"room_type": lake, "bed_type": "Twin beds"}),
            ],
        )  # fmt: skip
        stated = self.env["hotel.crm.preference"].create(
            {"partner_id": guest.id, "category_id": categories["room_type"].id, "value": "DELUXE KING"}
        )
        self._recompute(guest)
        self._recompute(guest, full=True)
        prefs = guest.hotel_preference_ids
        self.assertEqual(
            sorted((p.category_id.code, p.value, p.source) for p in prefs),
            [("bed", "King bed", "inferred"), ("floor", "12", "inferred"), ("room_type", "DELUXE KING", "stated")],
            "bed and floor repeated in 2 of the last 3 stays are inferred; the stated room type is not duplicated",
        )
        self.assertEqual(stated.source, "stated")

    def test_cron_infers_only_where_stays_changed(self):
        """The nightly cron looks only at guests whose stays were written since its last run;
        the manager's full recompute looks at every guest."""
        day = date.today() - timedelta(days=60)
        habit = {"room_type": "Garden Suite"}
        stays = [(day, 1, 100.0, "checked_out", habit), (day + timedelta(days=20), 1, 100.0, "checked_out", habit)]
        changed, unchanged = self._guest("Changed", stays), self._guest("Unchanged", stays)
        self.env.flush_all()
        # both histories are old news: written two days ago, before the last nightly run
        self.env.cr.execute(
            "UPDATE hotel_crm_stay SET write_date = now() - interval '2 days' WHERE partner_id IN %s",
            [(changed.id, unchanged.id)],
        )
        self.env.invalidate_all()
        last_run = fields.Datetime.to_string(fields.Datetime.now() - timedelta(days=1))
        self.env["ir.config_parameter"].sudo().set_param("hotel_crm.value_last_run", last_run)

        def inferred(guest):
            return (
                self.env["hotel.crm.preference"]
                .search([("partner_id", "=", guest.id), ("source", "=", "inferred")])
                .mapped("value")
            )

        Partner = self.env["res.partner"].with_company(self.company)
        Partner._cron_hotel_recompute_value()
        self.assertEqual((inferred(changed), inferred(unchanged)), ([], []), "no stay written since the last run")
        self.Stay.search([("partner_id", "=", changed.id)], limit=1).room_number = "0512"
        Partner._cron_hotel_recompute_value()
        self.assertEqual(inferred(changed), ["Garden Suite"], "a stay written since the last run: inferred")
        self.assertEqual(inferred(unchanged), [], "the cron does not look at unchanged guests")
        Partner.hotel_recompute_value(full=True)
        self.assertEqual(inferred(unchanged), ["Garden Suite"], "the full recompute looks at every guest")
        self.assertEqual(inferred(changed), ["Garden Suite"], "and proposes nothing twice")

    @freeze_time(TODAY)
    def test_declined_proposal_not_proposed_again(self):
        day = TODAY - timedelta(days=50)
        guest = self._guest(
            "Declines",
            [(day + timedelta(days=k), 1, 100.0, "checked_out", {"bed_type": "Twin beds"}) for k in (0, 10)],
        )
        self._recompute(guest)
        inferred = guest.hotel_preference_ids.filtered(lambda p: p.source == "inferred")
        self.assertEqual(inferred.mapped("value"), ["Twin beds"])
        inferred.active = False
        self._recompute(guest, full=True)
        self.assertFalse(guest.hotel_preference_ids, "an archived (declined) proposal is not made again")
