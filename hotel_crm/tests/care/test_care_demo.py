from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "hotel_crm_care", "hotel_crm_demo")
class TestCareDemo(TransactionCase):
    """The front-line care chapter of the demo story (runs on the demo database, as tools/run-tests does)."""

    def test_courtesy_calls(self):
        west_lake = self.env.ref("hotel_crm.demo_company_west_lake")
        guest_relations = self.env.ref("hotel_crm.demo_user_guest_relations")
        checks = self.env["hotel.crm.stay.check"].search(
            [("company_id", "=", west_lake.id), ("stay_id.external_ref", "=like", "JG9%")], order="id"
        )
        self.assertEqual(len(checks), 3, "three major guests checked in today get a courtesy call")
        self.assertTrue(all(checks.mapped("reason_value")))
        self.assertEqual(checks.mapped("outcome"), ["satisfied", "issue", "none"])
        self.assertEqual(checks.user_id, guest_relations)
        complaint = checks[1].complaint_id
        self.assertEqual((complaint.channel, complaint.stay_id.state), ("in_stay_check", "in_house"))
        self.assertTrue(complaint.is_resolved, "fixed before departure")
        self.assertEqual(len(checks[2].activity_ids), 1, "one call still to make")
        report = self.env["hotel.crm.stay.check.report"].search([("stay_id", "in", checks.stay_id.ids)])
        self.assertEqual(sum(report.mapped("resolved_count")), 1)

    def test_tier_grant(self):
        grant = self.env["hotel.crm.tier.grant"].search([("reason", "=", "status_match")])
        self.assertEqual(len(grant), 1)
        self.assertEqual(grant.partner_id.hotel_tier_id, self.env.ref("hotel_crm.hotel_crm_tier_gold"))
        self.assertIn("Tier Gold granted until", " ".join(grant.partner_id.message_ids.mapped("body")))
