from datetime import date, datetime

from freezegun import freeze_time

from odoo import api, fields
from odoo.tests import new_test_user, tagged

from ..common import HotelCrmCommon


@tagged("post_install", "-at_install", "hotel_crm_identity")
class TestIdentityTimezone(HotelCrmCommon):
    """Dates in the property's time zone, never in the user's (a cron user in Brussels)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.property_a.hotel_tz = "Asia/Shanghai"
        cls.property_b.hotel_tz = "America/New_York"
        cls.brussels_user = new_test_user(
            cls.env,
            login="hc_brussels_cron",
            groups="base.group_user,hotel_crm.hotel_crm_group_manager",
            tz="Europe/Brussels",
            company_id=cls.property_a.id,
            company_ids=[(6, 0, cls.properties.ids)],
        )

    def test_property_time_zone_defaults(self):
        hangzhou = self.env["res.company"].create({"name": "Test Hangzhou"})
        hangzhou.partner_id.tz = "Asia/Shanghai"
        self.assertEqual(hangzhou.hotel_tz, "Asia/Shanghai", "the time zone of the property's address")
        hangzhou.hotel_tz = "Asia/Urumqi"
        self.assertEqual(hangzhou._hotel_tz_name(), "Asia/Urumqi", "set by hand")
        bare = self.env["res.company"].create({"name": "Test No Address"})
        self.assertEqual(bare.hotel_tz, bare.resource_calendar_id.tz or "UTC", "the working hours' time zone")
        for xmlid in ("hotel_crm.demo_company_west_lake", "hotel_crm.demo_company_bund"):
            demo = self.env.ref(xmlid, raise_if_not_found=False)
            if demo:
                self.assertEqual(demo.hotel_tz, "Asia/Shanghai", xmlid)

    @freeze_time("2026-03-04 17:30:00")  # 01:30 on 5 March in Hangzhou, 18:30 on 4 March in Brussels
    def test_birthday_job_at_0130_hotel_time(self):
        def guest(name, birthday):
            partner = self._guest(
                name,
                email=f"{name.lower().replace(' ', '.')}@example.com",
                hotel_consent_email=True,
                hotel_consent_marketing=True,
            )
            partner.hotel_birthday = birthday
            self._stay(partner, "2025-05-01", "2025-05-03", state="checked_out")
            return partner

        born_5th = guest("Born Fifth", date(1990, 3, 5))
        born_4th = guest("Born Fourth", date(1990, 3, 4))
        # the scheduler runs the job as its user (OdooBot), in an environment without context
        cron = self.env.ref("hotel_crm.ir_cron_hotel_greetings")
        cron.user_id.tz = "Europe/Brussels"
        cron_env = api.Environment(self.env.cr, cron.user_id.id, {})
        self.assertEqual(
            fields.Date.context_today(cron_env["res.partner"]), date(2026, 3, 4), "Brussels: still the 4th"
        )
        cron_env["ir.cron"].browse(cron.id)._callback(cron.name, cron.ir_actions_server_id.id)
        Greeting = self.env["hotel.crm.greeting"]
        greeted = Greeting.search([("partner_id", "in", (born_5th | born_4th).ids), ("occasion", "=", "birthday")])
        self.assertEqual(greeted.partner_id, born_5th, "5 March at the hotel: the guest born on 5 March")
        self.assertEqual(greeted.date, date(2026, 3, 5))
        self.assertEqual(greeted.company_id, self.property_a)

    @freeze_time("2026-03-04 17:30:00")
    def test_birthday_job_greets_each_property_on_its_own_day(self):
        """At the same instant it is 5 March in Hangzhou and still 4 March in New York."""
        new_yorker = self._guest(
            "New Yorker", email="ny@example.com", hotel_consent_email=True, hotel_consent_marketing=True
        )
        new_yorker.hotel_birthday = date(1985, 3, 4)
        self._stay(new_yorker, "2025-05-01", "2025-05-03", state="checked_out", company=self.property_b)
        self.env["hotel.crm.greeting"].with_user(self.brussels_user).sudo()._cron_hotel_send_greetings()
        greeting = self.env["hotel.crm.greeting"].search([("partner_id", "=", new_yorker.id)])
        self.assertEqual((greeting.date, greeting.company_id), (date(2026, 3, 4), self.property_b))

    @freeze_time("2026-03-04 17:30:00")
    def test_arrivals_in_the_property_calendar(self):
        """The front desk in Hangzhou on 5 March (Thursday) sees today's arrivals, whatever its user's time zone."""
        guest = self._guest("Arriving Guest")
        today_hz = self._stay(guest, "2026-03-05", "2026-03-06", state="booked")
        yesterday_hz = self._stay(self._guest("Late Guest"), "2026-03-04", "2026-03-06", state="booked")
        today_ny = self._stay(
            self._guest("NY Guest"), "2026-03-04", "2026-03-05", state="booked", company=self.property_b
        )
        stays = today_hz | yesterday_hz | today_ny
        Stay = self.Stay.with_user(self.brussels_user).with_context(allowed_company_ids=self.properties.ids)
        arriving_today = Stay.search([("id", "in", stays.ids), ("hotel_arriving_today", "=", True)])
        self.assertEqual(arriving_today, today_hz | today_ny)
        self.assertEqual(Stay.search([("id", "in", stays.ids), ("hotel_arriving_today", "=", False)]), yesterday_hz)
        self.assertTrue(today_hz.hotel_arriving_today)
        self.assertFalse(yesterday_hz.hotel_arriving_today)
        Partner = self.env["res.partner"].with_user(self.brussels_user)
        arriving = Partner.search([("id", "in", stays.partner_id.ids), ("hotel_arriving_this_week", "=", True)])
        self.assertEqual(arriving, today_hz.partner_id | today_ny.partner_id)
        self.assertTrue(guest.with_user(self.brussels_user).hotel_arriving_this_week)
        self.assertFalse(yesterday_hz.partner_id.with_user(self.brussels_user).hotel_arriving_this_week)

    @freeze_time("2026-03-04 17:30:00")
    def test_defaults_are_the_property_day(self):
        stay = self.Stay.with_user(self.brussels_user).with_company(self.property_a).new({})
        self.assertEqual(stay.arrival_date, date(2026, 3, 5))
        self.assertEqual(self.property_b._hotel_today(), date(2026, 3, 4))
        self.assertEqual(self.property_a._hotel_day_start(date(2026, 3, 5)), datetime(2026, 3, 4, 16, 0))

    def test_sla_breach_message_in_property_time(self):
        """A Hangzhou complaint's breach message shows Hangzhou time, not the cron user's Brussels time."""
        policy = self.env["hotel.crm.sla.policy"].sudo().search([("severity", "=", "high")], limit=1)
        self.assertTrue(policy, "the SLA policies ship with the addon")
        with freeze_time("2026-03-04 01:00:00"):
            complaint = self.env["hotel.crm.complaint"].create(
                {
                    "name": "Noisy air conditioning",
                    "partner_id": self._guest("Complaining Guest").id,
                    "company_id": self.property_a.id,
                    "severity": "high",
                    "date_received": datetime(2026, 3, 4, 1, 0),
                }
            )
        with freeze_time("2026-03-04 23:00:00"):
            self.env["hotel.crm.complaint"].with_user(self.brussels_user).sudo()._cron_check_sla()
        bodies = " ".join(complaint.message_ids.mapped("body"))
        self.assertIn("SLA breach", bodies)
        self.assertIn("(Asia/Shanghai)", bodies)
        self.assertNotIn("Brussels", bodies)
        deadline_local = complaint.company_id._hotel_localize(complaint.response_deadline)
        self.assertIn(f"{deadline_local.hour}:{deadline_local.minute:02d}", bodies)
