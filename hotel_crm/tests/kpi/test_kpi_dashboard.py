from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from ..common import HotelCrmCommon
from .common import KpiCommon


@tagged("post_install", "-at_install", "hotel_crm_kpi")
class TestKpiDashboard(HotelCrmCommon):
    """The dashboard's numbers are counts of records of the user's current property, in its time
    zone, and each opens exactly the records it counts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Shanghai (UTC+8): at 2026-05-10 20:00 UTC it is already 2026-05-11 at the property
        cls.property_a.partner_id.tz = "Asia/Shanghai"
        cls.Dashboard = cls.env["hotel.crm.dashboard"]
        cls.Complaint = cls.env["hotel.crm.complaint"]
        cls.local_today = date(2026, 5, 11)

    def _tiles(self, user=None, company=None):
        env_user = (user or self.user_front).with_company(company or self.property_a)
        data = self.Dashboard.with_user(env_user).with_company(company or self.property_a).get_dashboard_data()
        return data, {tile["key"]: tile for section in data["sections"] for tile in section["tiles"]}

    def _records(self, tile, user=None):
        return self.env[tile["model"]].with_user(user or self.user_front).search(tile["domain"])

    @freeze_time("2026-05-10 20:00:00")
    def test_arrivals_in_the_property_time_zone_and_drill_down(self):
        today = self.local_today
        with_pref = self._guest("Mei Preference")
        self.env["hotel.crm.preference"].create(
            {"partner_id": with_pref.id, "category_id": self.category["pillow"].id, "value": "Feather"}
        )
        plain = self._guest("Tom Plain")
        arriving = self._stay(with_pref, today, today + timedelta(days=2), external_ref="A1")
        self._stay(plain, today, today + timedelta(days=1), external_ref="A2")
        self._stay(plain, today + timedelta(days=1), today + timedelta(days=3), external_ref="A3")
        # yesterday in the property's calendar (the UTC date of "now"): not an arrival today
        self._stay(plain, today - timedelta(days=1), today + timedelta(days=4), external_ref="A4")
        # the other property's arrival is not counted at this one
        self._stay(plain, today, today + timedelta(days=1), company=self.property_b, external_ref="B1")
        data, tiles = self._tiles()
        self.assertEqual(data["today"], "2026-05-11")
        self.assertEqual(tiles["arrivals_today"]["count"], 2)
        self.assertEqual(tiles["arrivals_tomorrow"]["count"], 1)
        self.assertEqual(tiles["arrivals_today_prepare"]["count"], 1, "one arrival has preferences to prepare")
        self.assertEqual(self._records(tiles["arrivals_today_prepare"]), arriving)
        for key in ("arrivals_today", "arrivals_tomorrow", "arrivals_today_prepare"):
            self.assertEqual(len(self._records(tiles[key])), tiles[key]["count"], key)

    def test_in_house_vip_and_open_complaints(self):
        today = date.today()
        vip = self._guest("Vera VIP")
        angry = self._guest("Andy Angry")
        calm = self._guest("Cara Calm")
        self.env.cr.execute("UPDATE res_partner SET hotel_value_segment = 'vip' WHERE id = %s", [vip.id])
        vip.invalidate_recordset(["hotel_value_segment"])
        for guest, ref in ((vip, "H1"), (angry, "H2"), (calm, "H3")):
            self._stay(guest, today - timedelta(days=1), today + timedelta(days=1), external_ref=ref, state="in_house")
        self.Complaint.create({"name": "Noisy room", "partner_id": angry.id, "company_id": self.property_a.id})
        closed = self.Complaint.create(
            {
                "name": "Cold tea",
                "partner_id": calm.id,
                "company_id": self.property_a.id,
                "judgement": "justified",
                "cause": "service_quality",
            }
        )
        closed.stage_id = self.env["hotel.crm.complaint.stage"].search([("is_closed", "=", True)], limit=1)
        _data, tiles = self._tiles()
        self.assertEqual(tiles["in_house"]["count"], 3)
        self.assertEqual(self._records(tiles["in_house_vip"]).partner_id, vip)
        self.assertEqual(self._records(tiles["in_house_complaint"]).partner_id, angry, "closed complaints do not count")
        sla = {key: tile for key, tile in tiles.items() if key.startswith("sla_")}
        self.assertEqual(sum(tile["count"] for tile in sla.values()), 1, "one open complaint, in one SLA state")
        opened = self.Complaint.browse([i for tile in sla.values() for i in tile["domain"][0][2]])
        self.assertEqual(opened.partner_id, angry)

    def test_newly_at_risk_guests_of_this_property(self):
        today = date.today()
        recent, old, elsewhere = self._guest("Rita Recent"), self._guest("Olga Old"), self._guest("Ella Elsewhere")
        self._stay(recent, date(2024, 1, 1), date(2024, 1, 3), state="checked_out", external_ref="R1")
        self._stay(old, date(2024, 1, 1), date(2024, 1, 3), state="checked_out", external_ref="R2")
        other = self.property_b
        self._stay(elsewhere, date(2024, 1, 1), date(2024, 1, 3), state="checked_out", external_ref="R3", company=other)
        self.env.cr.execute(
            "UPDATE res_partner SET hotel_lifecycle_stage = 'at_risk', hotel_lifecycle_date = %s WHERE id IN %s",
            [today - timedelta(days=2), (recent.id, elsewhere.id)],
        )
        self.env.cr.execute(
            "UPDATE res_partner SET hotel_lifecycle_stage = 'at_risk', hotel_lifecycle_date = %s WHERE id = %s",
            [today - timedelta(days=40), old.id],
        )
        self.env.invalidate_all()
        _data, tiles = self._tiles(user=self.user_manager)
        self.assertEqual(self._records(tiles["newly_at_risk"], self.user_manager), recent)
        self.assertEqual(tiles["newly_at_risk"]["count"], 1)

    def test_other_property_and_non_users(self):
        _data, tiles = self._tiles(user=self.user_manager, company=self.property_b)
        self.assertEqual(tiles["arrivals_today"]["domain"][0], ("company_id", "=", self.property_b.id))
        outsider = new_test_user(self.env, login="hc_outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.Dashboard.with_user(outsider).get_dashboard_data()


@tagged("post_install", "-at_install", "hotel_crm_kpi")
class TestKpiDashboardTour(HttpCase):
    def test_dashboard_tour_as_guest_relations(self):
        """The demo guest-relations user lands on the dashboard; a tile opens as many records as it counts."""
        user = self.env.ref("hotel_crm.demo_user_guest_relations")
        self.assertEqual(user.action_id.id, self.env.ref("hotel_crm.hotel_crm_dashboard_action").id)
        self.start_tour("/odoo", "hotel_crm_dashboard_tour", login="guestrelations")


@tagged("post_install", "-at_install", "hotel_crm_kpi")
class TestKpiDashboardHeadline(KpiCommon):
    def test_headline_kpis_beside_last_month_and_target(self):
        self.env["hotel.crm.kpi.target"].create(
            {"company_id": self.property_a.id, "year": 2025, "kpi": "active_guests", "target": 3}
        )
        self._compute()  # June 2025
        with freeze_time("2025-07-20 04:00:00"):
            self._guest_with("July Guest", [("2025-07-05", "2025-07-08", {"revenue_room": 250})])
            data = self.env["hotel.crm.dashboard"].with_user(self.user_manager).get_dashboard_data()
        rows = {row["code"]: row for row in data["kpis"]}
        self.assertEqual(rows["active_guests"]["value"], 2, "July so far, computed live: Fay (1 July) and July Guest")
        self.assertEqual(rows["active_guests"]["last_month"], 3, "June's snapshot")
        self.assertEqual(rows["active_guests"]["target"], 3)
        self.assertEqual(rows["active_guests"]["status"], "Off Track")
        self.assertFalse(rows["csat_avg"]["value"], "no survey answer: no value, not 0")
