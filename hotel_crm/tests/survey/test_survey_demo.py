from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "hotel_crm_survey")
class TestSurveyDemo(TransactionCase):
    """The guest's-voice demo story: a year of answers at both properties, reviews, one complaint."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("hotel_crm.demo_company_bund", raise_if_not_found=False):
            self.skipTest("demo data not installed")
        self.properties = self.env.ref("hotel_crm.demo_company_west_lake") | self.env.ref("hotel_crm.demo_company_bund")

    def test_story(self):
        answers = self.env["survey.user_input"].search(
            [("hotel_company_id", "in", self.properties.ids), ("state", "=", "done")]
        )
        self.assertEqual(answers.hotel_company_id, self.properties, "answers at both properties")
        months = {a.end_datetime.strftime("%Y-%m") for a in answers}
        self.assertGreaterEqual(len(months), 6, "answers spread over the year")
        invitations = self.env["hotel.crm.survey.invitation"].search([("company_id", "in", self.properties.ids)])
        self.assertGreater(len(invitations), len(answers), "not every guest answers")
        complaints = answers.hotel_complaint_id
        self.assertEqual(len(complaints), 1, "one unhappy answer became a complaint")
        self.assertEqual(complaints.channel, "survey")
        reviews = self.env["hotel.crm.review"].search([("company_id", "in", self.properties.ids)])
        self.assertGreaterEqual(len(reviews.filtered("reply")), 3, "reviews answered by the properties")
        self.assertEqual(reviews.complaint_id.channel, "ota_review", "the low review opened a complaint")
        rows = self.env["hotel.crm.satisfaction.report"].hotel_satisfaction_index(
            [("company_id", "in", self.properties.ids)], groupby=("company_id",)
        )
        nps = {row["company_id"]: row["nps"] for row in rows}
        self.assertGreater(nps[self.env.ref("hotel_crm.demo_company_west_lake")], 0)
