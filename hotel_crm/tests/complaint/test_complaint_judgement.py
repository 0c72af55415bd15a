from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..common import ComplaintCommon


@tagged("post_install", "-at_install", "hotel_crm_complaint")
class TestComplaintJudgement(ComplaintCommon):
    """Step 9 of the handling: a complaint closes with its judgement and root cause."""

    def test_judgement_required_on_close(self):
        complaint = self.as_user(self._complaint(), self.agent)
        complaint.stage_id = self.stages["followup"]
        # assertRaises (not ...Regex) rolls the failed write back to a savepoint, as a request would
        with self.assertRaises(ValidationError) as refused:
            complaint.write({"stage_id": self.stages["closed"].id})
        self.assertIn("cannot be closed yet: record Judgement, Cause first", str(refused.exception))
        self.assertIn(complaint.display_name, str(refused.exception))
        self.assertFalse(complaint.is_closed, "nothing changed")
        with self.assertRaises(ValidationError) as refused:
            complaint.write({"stage_id": self.stages["closed"].id, "judgement": "misunderstanding"})
        self.assertIn("record Cause first", str(refused.exception))
        self.assertFalse(complaint.judgement)
        complaint.write({"stage_id": self.stages["closed"].id, "judgement": "misunderstanding", "cause": "information"})
        self.assertTrue(complaint.is_closed)
        with self.assertRaises(ValidationError, msg="a closed complaint keeps its judgement"):
            complaint.judgement = False
        # created closed (history from another system) follows the same rule
        with self.assertRaises(ValidationError):
            self._complaint(stage_id=self.stages["closed"].id)
        imported = self._complaint(stage_id=self.stages["closed"].id, judgement="justified", cause="price")
        self.assertTrue(imported.is_closed)
        self.env.flush_all()
        rows = self.env["hotel.crm.complaint.report"]._read_group(
            [("company_id", "=", self.company.id)], ["judgement"], ["nbr:sum"]
        )
        self.assertEqual(dict(rows), {"misunderstanding": 1, "justified": 1})

    def test_suggestions_and_compliments_close_freely(self):
        for kind in ("suggestion", "compliment"):
            record = self.as_user(self._complaint(feedback_type=kind), self.agent)
            record.stage_id = self.stages["closed"]
            self.assertTrue(record.is_closed, f"a {kind} closes without a judgement")

    def test_improvement_from_lost_guests(self):
        Loss = self.env["hotel.crm.guest.loss"]
        other = self._guest("Gone Guest")
        losses = Loss.create(
            [
                {
                    "partner_id": self.guest.id,
                    "company_id": self.company.id,
                    "reason": "price",
                    "improvement_proposal": "<p>Match the OTA rate</p>",
                },
                {"partner_id": other.id, "company_id": self.company.id, "reason": "price"},
            ]
        )
        action = self.as_user(losses, self.agent).action_create_improvement()
        improvement = self.env["hotel.crm.improvement"].browse(action["res_id"])
        self.assertEqual(improvement.guest_loss_ids, losses)
        self.assertEqual(improvement.guest_loss_count, 2)
        self.assertIn("Price", improvement.name)
        self.assertIn("Match the OTA rate", improvement.problem)
        self.assertEqual(losses.improvement_ids, improvement)
        elsewhere = Loss.create({"partner_id": other.id, "company_id": self.other_company.id, "reason": "price"})
        with self.assertRaisesRegex(Exception, "several properties"):
            (losses | elsewhere).action_create_improvement()
