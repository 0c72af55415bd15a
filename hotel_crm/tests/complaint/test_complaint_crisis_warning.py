from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..common import ComplaintCommon

NOW = datetime(2025, 7, 1, 12, 0)


@tagged("post_install", "-at_install", "hotel_crm_complaint")
class TestComplaintCrisisWarning(ComplaintCommon):
    """Crisis early warning: spikes of complaints or low reviews, once per spike; crisis plans per type."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Alert = cls.env["hotel.crm.crisis.alert"]
        cls.crisis_member = new_test_user(
            cls.env,
            login="cmp_crisis_warn",
            groups="hotel_crm.hotel_crm_group_user,hotel_crm.hotel_crm_group_crisis_team",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.food_safety = cls.env.ref("hotel_crm.crisis_type_food_safety")
        cls.security = cls.env.ref("hotel_crm.crisis_type_security")
        cls.category.crisis_type_id = cls.food_safety
        cls.company.write(
            {"hotel_crisis_complaint_count": 3, "hotel_crisis_complaint_hours": 24, "hotel_crisis_review_count": 3}
        )
        cls.other_company.write({"hotel_crisis_complaint_count": 0, "hotel_crisis_review_count": 0})

    def _complaints_at(self, hours_ago_list, **vals):
        return self.Complaint.browse(
            [self._complaint(date_received=NOW - timedelta(hours=h), **vals).id for h in hours_ago_list]
        )

    def _alerts(self):
        return self.Alert.search([("company_id", "in", (self.company | self.other_company).ids)])

    def _warnings(self, alert):
        return alert.message_ids.filtered(lambda m: "Crisis warning" in (m.body or ""))

    @freeze_time(NOW)
    def test_complaint_spike_once_per_spike(self):
        spike = self._complaints_at([20, 6, 1])
        self.Alert._cron_detect_spikes()
        alert = self._alerts()
        self.assertEqual(len(alert), 1, "three complaints of one category within 24 hours")
        self.assertEqual(
            (alert.kind, alert.company_id, alert.category_id, alert.count, alert.state),
            ("complaints", self.company, self.category, 3, "new"),
        )
        self.assertEqual(alert.complaint_ids, spike)
        self.assertEqual(alert.window_start, NOW - timedelta(hours=20))
        self.assertEqual(alert.crisis_type_id, self.food_safety, "proposed from the category")
        warnings = self._warnings(alert)
        self.assertEqual(len(warnings), 1)
        self.assertIn(self.crisis_member.partner_id, warnings.partner_ids, "the crisis team is notified")
        self.assertIn(self.crisis_member.partner_id, alert.message_partner_ids)
        self.assertFalse(
            self.Complaint.search([("severity", "=", "critical"), ("company_id", "=", self.company.id)]),
            "proposed, not forced",
        )
        # a second run finds the same spike: nothing new
        self.Alert._cron_detect_spikes()
        self.assertEqual(self._alerts(), alert)
        self.assertEqual(len(self._warnings(alert)), 1, "notified once")
        # the spike goes on: the same alert grows, silently
        with freeze_time(NOW + timedelta(hours=2)):
            fourth = self._complaint(date_received=NOW + timedelta(hours=1))
            self.Alert._cron_detect_spikes()
        self.assertEqual(self._alerts(), alert)
        self.assertEqual(alert.count, 4)
        self.assertIn(fourth, alert.complaint_ids)
        self.assertEqual(len(self._warnings(alert)), 1)
        # two days later, a new spike of the same category is a new alert
        later = NOW + timedelta(days=3)
        with freeze_time(later):
            for hours in (3, 2, 1):
                self._complaint(date_received=later - timedelta(hours=hours))
            self.Alert._cron_detect_spikes()
        self.assertEqual(len(self._alerts()), 2)

    @freeze_time(NOW)
    def test_nothing_below_the_threshold(self):
        self._complaints_at([5, 1])  # two complaints: below three
        self._complaints_at([30, 40])  # outside the 24-hour window
        other_category = self.env["hotel.crm.complaint.category"].create({"name": "Test noise", "code": "test_noise"})
        self._complaints_at([2], category_id=other_category.id)  # another category
        self._complaints_at([3, 4], feedback_type="compliment")  # not complaints
        self._complaints_at([1, 2, 3], company_id=self.other_company.id, partner_id=False)  # warning off there
        self.Alert._cron_detect_spikes()
        self.assertFalse(self._alerts())
        self.company.hotel_crisis_complaint_hours = 48
        self.Alert._cron_detect_spikes()
        self.assertEqual(len(self._alerts()), 1, "with a 48-hour window the four complaints are a spike")

    def _review(self, ref, rating, when, company=None):
        return self.env["hotel.crm.review"].create(
            {
                "source": "ctrip",
                "external_id": ref,
                "company_id": (company or self.company).id,
                "date": when,
                "rating": rating,
                "rating_scale": 5,
            }
        )

    def test_review_spike(self):
        self.company.hotel_review_low_rating = 40
        # the property's day: Shanghai time, UTC+8
        self.company.hotel_tz = "Asia/Shanghai"
        with freeze_time("2025-07-01 12:00:00"):
            self._review("R-1", 1, datetime(2025, 6, 30, 17, 0))  # 1 July 01:00 in Shanghai
            self._review("R-2", 2, datetime(2025, 7, 1, 3, 0))
            self._review("R-3", 5, datetime(2025, 7, 1, 4, 0))  # a good review does not count
            self._review("R-4", 2, datetime(2025, 6, 30, 15, 0))  # 30 June 23:00 in Shanghai: another day
            self.Alert._cron_detect_spikes()
            self.assertFalse(self._alerts(), "two low reviews on 1 July, one on 30 June")
            third = self._review("R-5", 1, datetime(2025, 7, 1, 10, 0))
            self.Alert._cron_detect_spikes()
            alert = self._alerts()
            self.assertEqual(len(alert), 1)
            self.assertEqual((alert.kind, alert.count), ("reviews", 3))
            self.assertIn(third, alert.review_ids)
            self.assertEqual(alert.window_start, datetime(2025, 6, 30, 16, 0), "midnight in Shanghai")
            self.assertEqual(alert.crisis_type_id, self.env.ref("hotel_crm.crisis_type_public_opinion"))
            self.assertEqual(len(self._warnings(alert)), 1)
            self.Alert._cron_detect_spikes()
            self._review("R-6", 1, datetime(2025, 7, 1, 11, 0))
            self.Alert._cron_detect_spikes()
        self.assertEqual(self._alerts(), alert, "once per spike")
        self.assertEqual(alert.count, 4)
        self.assertEqual(len(self._warnings(alert)), 1)

    @freeze_time(NOW)
    def test_alert_proposes_a_critical_complaint(self):
        self._complaints_at([3, 2, 1])
        alert = self.Alert._cron_detect_spikes()
        self.assertEqual(len(alert), 1)
        mine = self.as_user(alert, self.agent)
        # the staff decide, they do not rewrite the spike
        with self.assertRaises(AccessError):
            mine.write({"count": 1})
        with self.assertRaises(AccessError):
            mine.write({"state": "escalated"})
        action = mine.action_create_critical_complaint()
        critical = self.Complaint.browse(action["res_id"])
        self.assertEqual((critical.severity, critical.crisis_type_id), ("critical", self.food_safety))
        self.assertTrue(critical.crisis_started)
        self.assertEqual((alert.state, alert.critical_complaint_id), ("escalated", critical))
        self.assertEqual(mine.action_create_critical_complaint()["res_id"], critical.id, "one complaint per alert")
        summaries = critical.activity_ids.mapped("summary")
        self.assertIn("Stop serving the suspected food and keep samples", summaries)
        self.assertIn("Respond at once", summaries)

    def test_crisis_steps_per_type(self):
        step_type = self.env.ref("hotel_crm.mail_activity_type_hotel_crisis_step")
        Step = self.env["hotel.crm.crisis.step"]
        general = Step.search([("crisis_type_id", "=", False), ("company_id", "in", [False, self.company.id])])
        food = Step.search([("crisis_type_id", "=", self.food_safety.id)])
        security = Step.search([("crisis_type_id", "=", self.security.id)])
        self.assertTrue(general and food and security, "steps per type are shipped")

        def summaries(complaint):
            return set(complaint.activity_ids.filtered(lambda a: a.activity_type_id == step_type).mapped("summary"))

        poisoned = self._complaint(severity="critical")
        self.assertEqual(poisoned.crisis_type_id, self.food_safety, "from the category")
        self.assertEqual(summaries(poisoned), set((general | food).mapped("name")))
        untyped = self._complaint(severity="critical", category_id=False)
        self.assertFalse(untyped.crisis_type_id)
        self.assertEqual(summaries(untyped), set(general.mapped("name")), "the general plan only")
        # typed once the crisis runs: the steps of the type are added, the general ones not doubled
        self.as_user(untyped, self.agent).crisis_type_id = self.security
        self.assertEqual(summaries(untyped), set((general | security).mapped("name")))
        self.assertEqual(
            len(untyped.activity_ids.filtered(lambda a: a.activity_type_id == step_type)), len(general | security)
        )
