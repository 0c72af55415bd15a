from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command, http
from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from ..common import ComplaintCommon
from .test_complaint_mail import INCOMING


@tagged("post_install", "-at_install", "hotel_crm_complaint")
class TestComplaintFeedback(ComplaintCommon):
    """Suggestions and compliments beside complaints: no SLA, no checklist, not in the complaint figures."""

    def test_feedback_types_counted_apart(self):
        start = datetime(2025, 3, 10, 8, 0)
        with freeze_time(start):
            complaint = self._complaint(date_received=start, cause="service_quality")
            suggestion = self._complaint(name="More plants in the lobby", feedback_type="suggestion")
            compliment = self._complaint(name="Lovely housekeeping", feedback_type="compliment")
        self.assertTrue(complaint.resolution_deadline and complaint.checklist_ids, "a complaint is under the SLA")
        for record in suggestion | compliment:
            self.assertFalse(record.sla_policy_id, f"{record.feedback_type}: no SLA policy")
            self.assertFalse(record.response_deadline or record.resolution_deadline, "no deadline")
            self.assertEqual(record.sla_status, "none")
            self.assertFalse(record.checklist_ids, "the 14-step checklist is for complaints")
        # a week later, nobody answered anything: only the complaint breaches
        with freeze_time(start + timedelta(days=7)):
            self.Complaint._cron_check_sla()
        self.assertTrue(complaint.sla_breached)
        self.assertFalse((suggestion | compliment).filtered("sla_breached"), "no breach, no escalation")
        self.assertEqual(set((suggestion | compliment).mapped("escalation_level")), {0})
        # resolved: no satisfaction follow-up, not recovered, for the compliment
        followup = self.env.ref("hotel_crm.mail_activity_type_hotel_complaint_followup")
        (complaint | compliment).write({"stage_id": self.stages["followup"].id})
        self.assertTrue(complaint.activity_ids.filtered(lambda a: a.activity_type_id == followup))
        self.assertFalse(compliment.activity_ids.filtered(lambda a: a.activity_type_id == followup))
        self.env.flush_all()
        domain = [("company_id", "=", self.company.id)]
        kpis = self.env["hotel.crm.complaint.report"].hotel_complaint_kpis(domain)
        self.assertEqual(kpis["count"], 1, "the complaint KPIs count the complaint only")
        self.assertEqual(kpis["resolved"], 1)
        self.assertAlmostEqual(kpis["sla_compliance"], 0.0, msg="one complaint, breached")
        report_rows = self.env["hotel.crm.complaint.report"].search(domain)
        self.assertEqual(report_rows.complaint_id, complaint)
        # the guest's complaint counts
        self.guest.invalidate_recordset()
        self.assertEqual(self.guest.hotel_complaint_count, 1)
        self.assertEqual(self.guest.hotel_complaint_open_count, 1)

    def test_open_suggestion_is_no_churn_signal(self):
        """An unresolved complaint makes the guest at risk; an open suggestion or compliment does not."""
        praising = self._guest("Praising Guest")
        complaining = self._guest("Complaining Guest")
        self._complaint(partner_id=praising.id, feedback_type="compliment")
        self._complaint(partner_id=praising.id, feedback_type="suggestion")
        self._complaint(partner_id=complaining.id)
        self.env.flush_all()
        Partner = self.env["res.partner"]
        params = Partner._hotel_value_params(self.company, self.company._hotel_today())
        flagged = set()
        for query in Partner._hotel_risk_signal_queries(params):
            flagged.update(row[0] for row in self.env.execute_query(query))
        self.assertIn(complaining.id, flagged)
        self.assertNotIn(praising.id, flagged)

    def test_type_change_moves_the_sla_and_checklist(self):
        record = self._complaint(severity="high")
        self.assertTrue(record.resolution_deadline)
        self.assertEqual(len(record.checklist_ids), 14)
        self.as_user(record, self.agent).feedback_type = "compliment"
        self.assertFalse(record.resolution_deadline, "a compliment has no deadline")
        self.assertFalse(record.checklist_ids)
        self.as_user(record, self.agent).feedback_type = "complaint"
        self.assertTrue(record.resolution_deadline)
        self.assertEqual(len(record.checklist_ids), 14, "one checklist again, not two")

    def test_critical_compliment_starts_no_crisis(self):
        compliment = self._complaint(feedback_type="compliment", severity="critical")
        self.assertFalse(compliment.crisis_started)

    def test_recognition_report_numbers(self):
        Employee = self.env["hr.employee"]
        front = self.env["hr.department"].create({"name": "Front Office (test)", "company_id": self.company.id})
        mei = Employee.create({"name": "Mei", "company_id": self.company.id, "department_id": front.id})
        yifan = Employee.create({"name": "Yifan", "company_id": self.company.id, "department_id": front.id})
        ruoxi = Employee.create({"name": "Ruoxi", "company_id": self.company.id, "department_id": self.department.id})
        other_employee = Employee.create({"name": "Haoran", "company_id": self.other_company.id})
        for received, employees, company in (
            (datetime(2025, 4, 3, 10), mei | yifan, self.company),
            (datetime(2025, 4, 20, 10), mei, self.company),
            (datetime(2025, 5, 2, 10), mei | ruoxi, self.company),
            (datetime(2025, 5, 9, 10), other_employee, self.other_company),
        ):
            self._complaint(
                feedback_type="compliment",
                date_received=received,
                company_id=company.id,
                partner_id=self.guest.id,
                category_id=False,
                employee_ids=[Command.set(employees.ids)],
            )
        # a complaint naming an employee is no praise
        self._complaint(employee_ids=[Command.set(mei.ids)], date_received=datetime(2025, 4, 5, 10))
        self.env.flush_all()
        Report = self.env["hotel.crm.staff.recognition.report"]
        by_employee = dict(Report._read_group([], ["employee_id"], ["nbr:sum"]))
        self.assertEqual(by_employee[mei], 3)
        self.assertEqual(by_employee[yifan], 1)
        self.assertEqual(by_employee[ruoxi], 1)
        self.assertEqual(by_employee[other_employee], 1)
        by_month = {
            (employee, month.date()): n
            for employee, month, n in Report._read_group([], ["employee_id", "date_received:month"], ["nbr:sum"])
        }
        self.assertEqual(by_month[(mei, date(2025, 4, 1))], 2)
        self.assertEqual(by_month[(mei, date(2025, 5, 1))], 1)
        by_department = dict(Report._read_group([("company_id", "=", self.company.id)], ["department_id"], ["nbr:sum"]))
        self.assertEqual(by_department[front], 4, "Mei three times, Yifan once")
        self.assertEqual(by_department[self.department], 1)
        by_property = dict(Report._read_group([], ["company_id"], ["nbr:sum"]))
        self.assertEqual(by_property[self.company], 5)
        self.assertEqual(by_property[self.other_company], 1)
        # a user of one property sees its recognition only
        seen = self.as_user(Report, self.agent).search([])
        self.assertEqual(set(seen.company_id.ids), {self.company.id})

    def test_suggestion_starts_improvement(self):
        suggestion = self._complaint(
            name="Fruit in the lobby", feedback_type="suggestion", description="<p>Apples at the desk</p>"
        )
        action = self.as_user(suggestion, self.agent).action_create_improvement()
        improvement = self.env["hotel.crm.improvement"].browse(action["res_id"])
        self.assertEqual(improvement.complaint_ids, suggestion)
        self.assertIn("Fruit in the lobby", improvement.name)
        self.assertIn("Apples at the desk", improvement.problem)
        self.assertEqual(improvement.company_id, self.company)
        self.assertEqual(suggestion.improvement_ids, improvement)
        compliment = self._complaint(feedback_type="compliment")
        with self.assertRaisesRegex(UserError, "compliment"):
            self.as_user(compliment, self.agent).action_create_improvement()
        complaint = self._complaint()
        with self.assertRaises(UserError):
            self.as_user(complaint | suggestion, self.agent).action_create_improvement()

    def _process(self, to, subject, msg_id):
        mail = INCOMING.format(email_from="lin.hua@example.com", to=to, subject=subject, msg_id=msg_id)
        self.env["mail.thread"].sudo().message_process(None, mail)
        return self.Complaint.search([("name", "=", subject)])

    def test_email_intake_by_alias_and_keyword(self):
        plain = self._process("complaints@hotel-test.example.com", "Broken lamp", "<fb-1@guest.example.com>")
        keyword = self._process(
            "complaints@hotel-test.example.com", "[Suggestion] Late breakfast on Sundays", "<fb-2@guest.example.com>"
        )
        alias = self._process("compliments@hotel-test.example.com", "Your concierge", "<fb-3@guest.example.com>")
        idea = self._process("suggestions@hotel-test.example.com", "Yoga at sunrise", "<fb-4@guest.example.com>")
        self.assertEqual(plain.feedback_type, "complaint")
        self.assertTrue(plain.resolution_deadline)
        self.assertEqual(keyword.feedback_type, "suggestion", "a keyword at the start of the subject")
        self.assertEqual(alias.feedback_type, "compliment", "the compliments@ alias sets the type")
        self.assertEqual((alias.partner_id, alias.channel), (self.guest, "email"))
        self.assertFalse(alias.resolution_deadline)
        self.assertEqual(idea.feedback_type, "suggestion", "the suggestions@ alias sets the type")
        detect = self.Complaint._hotel_feedback_type_from_subject
        self.assertEqual(detect("表扬：前台小梅"), "compliment")
        self.assertEqual(detect("Re: 建议增加素食"), "suggestion")
        self.assertFalse(detect("No thanks to your receptionist"), "a keyword counts at the start only")

    def test_default_action_shows_complaints(self):
        action = self.env.ref("hotel_crm.hotel_crm_complaint_action")
        self.assertIn("search_default_complaints", action.context)


@tagged("post_install", "-at_install", "hotel_crm_complaint")
class TestComplaintFeedbackPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guest = new_test_user(cls.env, login="fb_guest", password="fb_guest_pw", groups="base.group_portal")

    def _file(self, data):
        data = dict(data, csrf_token=http.Request.csrf_token(self))
        return self.url_open("/my/complaints/new", data=data)

    def test_portal_form_offers_the_type(self):
        self.authenticate("fb_guest", "fb_guest_pw")
        page = self.url_open("/my/complaints/new")
        self.assertIn('name="feedback_type"', page.text)
        self.assertIn("Compliment", page.text)
        self._file({"name": "The spa team was wonderful", "description": "Thank you", "feedback_type": "compliment"})
        filed = self.env["hotel.crm.complaint"].search([("partner_id", "=", self.guest.partner_id.id)])
        self.assertEqual(len(filed), 1)
        self.assertEqual((filed.feedback_type, filed.channel), ("compliment", "portal"))
        self.assertFalse(filed.resolution_deadline)
        response = self._file({"name": "Hack", "feedback_type": "crisis"})
        self.assertIn("Please choose a complaint, a suggestion or a compliment.", response.text)
        self.assertEqual(
            self.env["hotel.crm.complaint"].search_count([("partner_id", "=", self.guest.partner_id.id)]), 1
        )


@tagged("post_install", "-at_install", "hotel_crm_complaint")
class TestComplaintFeedbackDemo(TransactionCase):
    """The demo story of the guest's feedback at West Lake (the suite runs on the demo database)."""

    def test_story(self):
        west_lake = self.env.ref("hotel_crm.demo_company_west_lake")
        Complaint = self.env["hotel.crm.complaint"]
        suggestions = Complaint.search([("company_id", "=", west_lake.id), ("feedback_type", "=", "suggestion")])
        self.assertGreaterEqual(len(suggestions), 3)
        self.assertTrue(suggestions.improvement_ids, "a suggestion was taken up by an improvement action")
        recognition = dict(
            self.env["hotel.crm.staff.recognition.report"]._read_group(
                [("company_id", "=", west_lake.id)], ["employee_id"], ["nbr:sum"]
            )
        )
        self.assertEqual(recognition.get(self.env.ref("hotel_crm.demo_employee_xiao_mei")), 2, "praised twice")
        self.assertEqual(recognition.get(self.env.ref("hotel_crm.demo_employee_tang_yifan")), 1)
        misunderstood = Complaint.search([("company_id", "=", west_lake.id), ("judgement", "=", "misunderstanding")])
        self.assertTrue(misunderstood.filtered("is_closed"), "a complaint judged a guest misunderstanding")
        alert = self.env["hotel.crm.crisis.alert"].search(
            [("company_id", "=", west_lake.id), ("kind", "=", "complaints")]
        )
        self.assertEqual(len(alert), 1, "one warning for the seafood buffet")
        self.assertEqual(alert.category_id, self.env.ref("hotel_crm.complaint_category_food_beverage"))
        self.assertEqual(alert.crisis_type_id, self.env.ref("hotel_crm.crisis_type_food_safety"))
        self.assertGreaterEqual(alert.count, 3)
        self.assertEqual(alert.state, "new", "proposed to the crisis team, not forced")
        self.assertIn(self.env.ref("hotel_crm.demo_user_guest_relations").partner_id, alert.message_partner_ids)
