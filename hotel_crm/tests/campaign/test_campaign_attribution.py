from datetime import date, datetime, timedelta

from odoo import fields
from odoo.tests import tagged

from .common import SENT, CampaignCommon

# the stays' arrival, after the send day
ARRIVAL = date(2025, 5, 1)


@tagged("post_install", "-at_install", "hotel_crm_campaign")
class TestCampaignAttribution(CampaignCommon):
    """Which stays a campaign is credited with: window, single credit, exclusions; its figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guests = cls._guests(10)

    def _credited(self, campaign):
        return campaign.sudo().response_ids.stay_id

    def test_window_day_29_counts_day_31_not(self):
        first, second = self.guests[:2]
        campaign = self._send(self._campaign(first | second))
        day_29 = self._booking(first, ARRIVAL, booked=datetime(2025, 3, 30, 10, 0), revenue=300)
        day_31 = self._booking(second, ARRIVAL, booked=datetime(2025, 4, 1, 10, 0), revenue=500)
        before = self._booking(second, ARRIVAL, booked=datetime(2025, 3, 1, 9, 0), revenue=700)
        self.Response._hotel_attribute(self.property_a)
        self.assertEqual(self._credited(campaign), day_29, "booked 29 days after sending: a response")
        self.assertNotIn(day_31, self._credited(campaign), "31 days after sending: outside the 30-day window")
        self.assertNotIn(before, self._credited(campaign), "booked before the send")
        self.assertEqual((campaign.response_count, campaign.response_stay_count, campaign.revenue), (1, 1, 300.0))

    def test_history_loaded_after_the_send_is_no_response(self):
        """A stay arriving before the send day, even if created in Odoo in the window, is history."""
        guest = self.guests[0]
        campaign = self._send(self._campaign(guest))
        self._booking(guest, date(2025, 1, 10), booked=datetime(2025, 3, 5), state="checked_out", revenue=400)
        self.Response._hotel_attribute(self.property_a)
        self.assertFalse(campaign.response_ids)

    def test_single_credit_latest_campaign_before_booking(self):
        guest = self.guests[0]
        early = self._send(self._campaign(guest, name="Early"), sent=SENT)
        late = self._send(self._campaign(guest, name="Late"), sent=datetime(2025, 3, 10, 10, 0))
        between = self._booking(guest, ARRIVAL, booked=datetime(2025, 3, 5), revenue=100)
        after_both = self._booking(guest, ARRIVAL, booked=datetime(2025, 3, 12), revenue=200)
        self.Response._hotel_attribute(self.property_a)
        self.assertEqual(self._credited(early), between, "booked before the second campaign: the first one's")
        self.assertEqual(self._credited(late), after_both, "booked after both: the latest one's only")
        self.assertEqual(self.Response.search_count([("stay_id", "in", (between | after_both).ids)]), 2)
        self.assertEqual((early.revenue, late.revenue), (100.0, 200.0))

    def test_compensation_cancelled_and_no_show_excluded(self):
        first, second, third, fourth = self.guests[:4]
        campaign = self._send(self._campaign(first | second | third | fourth))
        booked = datetime(2025, 3, 10)
        compensation = self._booking(first, ARRIVAL, booked=booked, revenue=100, is_compensation=True)
        cancelled = self._booking(second, ARRIVAL, booked=booked, revenue=100, state="cancelled")
        no_show = self._booking(third, ARRIVAL, booked=booked, revenue=100, state="no_show")
        real = self._booking(fourth, ARRIVAL, booked=booked, revenue=100)
        self.Response._hotel_attribute(self.property_a)
        self.assertEqual(self._credited(campaign), real)
        self.assertFalse(self._credited(campaign) & (compensation | cancelled | no_show))

    def test_other_property_stay_not_credited(self):
        guest = self.guests[0]
        campaign = self._send(self._campaign(guest))
        self._booking(guest, ARRIVAL, booked=datetime(2025, 3, 10), revenue=100, company=self.property_b)
        self.Response._hotel_attribute(self.properties)
        self.assertFalse(campaign.response_ids, "a campaign of one property is credited with its own stays")

    def test_lift_and_roi(self):
        """8 recipients, 2 in the hold-out; 6 recipients book (7 stays, 4,000), 1 hold-out guest books
        (800): response rate 75 %, hold-out 50 %, lift 25 points; ROI = (4,000 × 40 % − 1,000) ÷ 1,000 = 60 %."""
        campaign = self._send(self._campaign(self.guests, holdout_pct=20, cost=1000))
        recipients = self._members(campaign, holdout=False)
        holdout = self._members(campaign, holdout=True)
        self.assertEqual((len(recipients), len(holdout)), (8, 2))
        booked = datetime(2025, 3, 15)
        for guest in recipients[:6]:
            self._booking(guest, ARRIVAL, booked=booked, revenue=500)
        self._booking(recipients[0], date(2025, 6, 1), booked=booked, revenue=1000)
        self._booking(holdout[0], ARRIVAL, booked=booked, revenue=800)
        campaign.with_user(self.user_manager).action_refresh_figures()
        self.assertEqual(campaign.response_count, 6)
        self.assertEqual(campaign.response_stay_count, 7)
        self.assertAlmostEqual(campaign.revenue, 4000.0)
        self.assertAlmostEqual(campaign.response_rate, 75.0)
        self.assertEqual(campaign.holdout_response_count, 1)
        self.assertAlmostEqual(campaign.holdout_response_rate, 50.0)
        self.assertAlmostEqual(campaign.lift, 25.0)
        self.assertAlmostEqual(campaign.roi, 60.0)
        # the cost changes: the ROI follows
        campaign.with_user(self.user_manager).cost = 800
        self.assertAlmostEqual(campaign.roi, 100.0)

    def test_cron_credits_the_last_year_and_keeps_older_credits(self):
        """The nightly job credits the stays booked in the last year again, at every property; an
        older campaign's credits, computed before, stay as they are."""
        old_guest, guest = self.guests[:2]
        old = self._send(self._campaign(old_guest, name="Old"))
        old_stay = self._booking(old_guest, ARRIVAL, booked=datetime(2025, 3, 2), revenue=150)
        self.Response._hotel_attribute(self.property_a)
        now = fields.Datetime.now()
        recent = self._send(self._campaign(guest, name="Recent"), sent=now - timedelta(days=10))
        arrival = fields.Date.today() + timedelta(days=20)
        stay = self._booking(guest, arrival, booked=now - timedelta(days=5), revenue=250)
        self.Campaign._cron_attribute_responses()
        self.assertEqual(self._credited(recent), stay)
        self.assertAlmostEqual(recent.revenue, 250.0)
        self.assertEqual(self._credited(old), old_stay, "a credit older than a year is kept")
        self.assertAlmostEqual(old.revenue, 150.0)

    def test_kpi_snapshot_reads_the_responses_of_its_month(self):
        first, second = self.guests[:2]
        self._send(self._campaign(first | second))
        self._booking(first, ARRIVAL, booked=datetime(2025, 3, 30, 10, 0), revenue=300)
        self._booking(second, ARRIVAL, booked=datetime(2025, 4, 2, 10, 0), revenue=200)
        self.Response._hotel_attribute(self.property_a)
        figures = self.env["hotel.crm.campaign"].hotel_kpi_campaign_figures(
            self.property_a.ids, date(2025, 3, 1), date(2025, 3, 31)
        )
        self.assertEqual(figures, {"responses": 1, "revenue": 300.0, "sample": 1}, "booked in March: one response")
        snapshot = (
            self.env["hotel.crm.kpi.snapshot"]
            .with_user(self.user_manager)
            .compute_snapshot(date(2025, 3, 1), date(2025, 3, 31), self.property_a)
        )
        values = snapshot.hotel_kpi_values()
        self.assertEqual((values["campaign_responses"]["value"], values["campaign_revenue"]["value"]), (1, 300.0))
        self.assertTrue(values["campaign_responses"]["available"])
