from datetime import date

from freezegun import freeze_time

from odoo.tests import Form, tagged

from ..common import LoyaltyCase


@tagged("post_install", "-at_install", "hotel_crm_loyalty")
class TestLoyaltyReport(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a property of its own, so that the figures are exactly this test's
        cls.property = cls.env["res.company"].create({"name": "Loyalty Report Lakeside"})
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.property.id]))
        with freeze_time("2024-01-15"):
            cls.old_guest = cls._guest("Report Old Points")
            cls._stay(cls.old_guest, room=1000, arrival=date(2024, 1, 10), company_id=cls.property.id)
        with freeze_time("2026-06-15"):
            cls.new_guest = cls._guest("Report New Points")
            cls._stay(cls.new_guest, room=2000, arrival=date(2026, 6, 1), company_id=cls.property.id)
            cls.new_guest._hotel_points_redeem(cls.reward_breakfast)
            cls.env["hotel.crm.points.move"]._cron_hotel_points_expire()

    def test_summary_figures(self):
        Report = self.env["hotel.crm.points.report"]
        self.assertEqual(self.env.companies, self.property)
        summary = Report._hotel_loyalty_summary(date(2026, 6, 1), date(2026, 6, 30))
        self.assertEqual(
            {k: summary[k] for k in ("issued", "redeemed", "expired", "reversed", "outstanding")},
            {"issued": 2000, "redeemed": 500, "expired": 1000, "reversed": 0, "outstanding": 1500},
        )
        self.assertEqual(summary["liability"], 150.0, "1500 points at 0.10 each")
        self.assertEqual(summary["redemption_rate"], 25.0, "500 redeemed of 2000 issued")
        earlier = Report._hotel_loyalty_summary(date(2024, 1, 1), date(2024, 12, 31))
        self.assertEqual((earlier["issued"], earlier["outstanding"], earlier["redemption_rate"]), (1000, 1000, 0.0))
        Partner = self.env["res.partner"]
        self.assertEqual(
            summary["tiers"],
            [
                (tier.name, Partner.search_count([("hotel_guest", "=", True), ("hotel_tier_id", "=", tier.id)]))
                for tier in (self.member, self.silver, self.gold, self.platinum)
            ],
        )
        self.assertEqual(self.new_guest.hotel_tier_id, self.silver)

    def test_monthly_analysis_and_wizard(self):
        groups = self.env["hotel.crm.points.report"]._read_group(
            [("company_id", "=", self.property.id)],
            ["date:month"],
            ["points_issued:sum", "points_redeemed:sum", "points_expired:sum", "points:sum"],
        )
        by_month = {month.strftime("%Y-%m"): values for month, *values in groups}
        self.assertEqual(by_month, {"2024-01": [1000, 0, 0, 1000], "2026-06": [2000, 500, 1000, 500]})
        with freeze_time("2026-06-20"):
            wizard = Form(self.env["hotel.crm.loyalty.summary"])
            wizard.date_from = date(2026, 6, 1)
            self.assertEqual(wizard.date_to, date(2026, 6, 20))
            self.assertEqual((wizard.points_issued, wizard.points_redeemed), (2000, 500))
            self.assertEqual(wizard.liability_value, 150.0)
            self.assertEqual(wizard.redemption_rate, 25.0)
            self.assertIn("Silver", wizard.tier_distribution)

    def test_settings(self):
        settings = Form(self.env["res.config.settings"])
        settings.hotel_loyalty_window_months = 18
        settings.hotel_points_expiry_months = 36
        settings.hotel_point_value = 0.25
        settings.hotel_birthday_bonus_points = 150
        settings.save().execute()
        Move = self.env["hotel.crm.points.move"]
        self.assertEqual(Move._hotel_loyalty_param("window_months"), 18)
        self.assertEqual(Move._hotel_loyalty_param("expiry_months"), 36)
        self.assertEqual(Move._hotel_loyalty_param("point_value"), 0.25)
        self.assertEqual(Move._hotel_loyalty_param("birthday_bonus"), 150)
        summary = self.env["hotel.crm.points.report"]._hotel_loyalty_summary(date(2026, 6, 1), date(2026, 6, 30))
        self.assertEqual(summary["liability"], 375.0, "1500 points at 0.25 each")
