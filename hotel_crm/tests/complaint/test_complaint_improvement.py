from odoo.exceptions import UserError
from odoo.tests import tagged

from ..common import ComplaintCommon


@tagged("post_install", "-at_install", "hotel_crm_complaint")
class TestComplaintImprovement(ComplaintCommon):
    def test_create_improvement_from_complaints(self):
        complaints = self._complaint(cause="service_quality") | self._complaint(cause="service_quality")
        complaints |= self._complaint(cause="attitude")
        action = complaints.action_create_improvement()
        improvement = self.env["hotel.crm.improvement"].browse(action["res_id"])
        self.assertEqual(improvement.complaint_ids, complaints)
        self.assertEqual(improvement.cause, "service_quality", "the most frequent cause")
        self.assertEqual(improvement.company_id, self.company)
        self.assertEqual(improvement.stage, "plan")
        self.assertEqual(complaints[0].improvement_ids, improvement)
        improvement.write({"baseline": 10, "target": 4, "result": 3, "stage": "check"})
        self.assertAlmostEqual(improvement.improvement_pct, 70.0)
        self.assertTrue(improvement.target_reached)
        improvement.stage = "act"
        self.assertTrue(improvement.date_done)
        mixed = self._complaint() | self._complaint(company_id=self.other_company.id, category_id=False)
        with self.assertRaisesRegex(UserError, "several properties"):
            mixed.action_create_improvement()

    def test_improvement_pct_higher_is_better(self):
        """A target above the baseline (satisfaction %) counts a rise as an improvement."""
        improvement = self.env["hotel.crm.improvement"].create(
            {
                "name": "Raise satisfaction after complaints",
                "company_id": self.company.id,
                "baseline": 60,
                "target": 80,
                "result": 75,
                "stage": "check",
            }
        )
        self.assertAlmostEqual(improvement.improvement_pct, 25.0, msg="60 -> 75 is 25 % better")
        self.assertFalse(improvement.target_reached)
        improvement.result = 50
        self.assertAlmostEqual(improvement.improvement_pct, -100 / 6, msg="60 -> 50 is worse: negative")
        improvement.result = 84
        self.assertAlmostEqual(improvement.improvement_pct, 40.0)
        self.assertTrue(improvement.target_reached)

    def test_pdca_kanban_columns(self):
        groups = self.env["hotel.crm.improvement"].read_group([("id", "=", 0)], ["stage"], ["stage"])
        self.assertEqual([g["stage"] for g in groups], ["plan", "do", "check", "act"], "all PDCA columns shown")
        stages = self.Complaint.read_group([("id", "=", 0)], ["stage_id"], ["stage_id"])
        self.assertEqual(len(stages), 7, "all seven steps shown as kanban columns")
