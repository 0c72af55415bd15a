"""What a fresh attacker found in session 10 (care, tier grants, KPIs, scorecards, campaigns,
privacy), each kept as the refusal that closes it."""

import base64
import importlib.util
import io
import zipfile

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools.misc import file_path

from .common import TrustCommon

# the group's stored stay totals: the value engine's input, Hotel CRM staff only
GROUP_TOTALS = (
    "hotel_stay_count",
    "hotel_nights_total",
    "hotel_revenue_total",
    "hotel_first_stay_date",
    "hotel_last_stay_date",
    "hotel_cancel_count",
    "hotel_no_show_count",
)


class AttackCommon(TrustCommon):
    @classmethod
    def _attack_setup(cls):
        cls._trust_setup()
        cls.employee = new_test_user(
            cls.env,
            login="attack_employee",
            password="attack_employee_pw",
            groups="base.group_user",
            company_id=cls.west.id,
            company_ids=[Command.set(cls.west.ids)],
        )
        cls.bund_front = new_test_user(
            cls.env,
            login="attack_bund_front",
            password="attack_bund_front_pw",
            groups="base.group_user,hotel_crm.hotel_crm_group_user",
            company_id=cls.bund.id,
            company_ids=[Command.set(cls.bund.ids)],
        )
        cls.dpo = new_test_user(
            cls.env,
            login="attack_dpo",
            password="attack_dpo_pw",
            groups="base.group_user,hotel_crm.hotel_crm_group_manager,hotel_crm.hotel_crm_group_sensitive",
            company_id=cls.west.id,
            company_ids=[Command.set((cls.west | cls.bund).ids)],
        )
        cls.portal = new_test_user(
            cls.env, login="attack_portal", password="attack_portal_pw", groups="base.group_portal"
        )
        # a guest with no open stay (an erasure refuses guests with a booked stay), whose
        # sensitive preference only the sensitive-data group reads
        cls.leaver = cls.env["res.partner"].create(
            {
                "name": "Attack Leaver",
                "hotel_guest": True,
                "email": "leaver@attack.example.com",
                "hotel_consent_sensitive": True,  # a sensitive preference needs it (session 10's rule)
            }
        )
        cls.env["hotel.crm.preference"].create(
            {"partner_id": cls.leaver.id, "category_id": cls.cat_allergy.id, "value": "Shellfish allergy"}
        )

    def _export_attachment(self, user):
        action = self.leaver.with_user(user).with_context(allowed_company_ids=self.west.ids).hotel_privacy_export()
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        return self.env["ir.attachment"].browse(attachment_id)


@tagged("post_install", "-at_install", "hotel_crm_trust")
class TestTrustAttackS10(AttackCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._attack_setup()

    # ------------------------------------------------------------------
    # Privacy: the export file
    # ------------------------------------------------------------------
    def test_export_file_is_readable_by_the_requesting_manager_only(self):
        attachment = self._export_attachment(self.dpo)
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(attachment.with_user(self.dpo).datas)))
        self.assertIn("Shellfish allergy", archive.read("guest.json").decode(), "the requester gets the whole file")
        for user in (self.employee, self.front, self.bund_front, self.manager):
            Attachment = self.env["ir.attachment"].with_user(user)
            self.assertFalse(
                Attachment.search([("name", "=", attachment.name)]),
                f"{user.login} finds no guest export among the attachments",
            )
            self.assertFalse(
                Attachment.search([("res_model", "=", "res.partner"), ("res_id", "=", self.leaver.id)]),
                f"{user.login} finds nothing attached to the guest",
            )
            with self.assertRaises(AccessError, msg=f"{user.login} reads the export file"):
                attachment.with_user(user).read(["datas"])

    def test_upgrade_detaches_older_export_files(self):
        """Files exported before 18.0.1.1.0 hang on the guest: the upgrade takes them off it."""
        spec = importlib.util.spec_from_file_location(
            "hotel_crm_post_migrate_18_0_1_1_0", file_path("hotel_crm/migrations/18.0.1.1.0/post-migrate.py")
        )
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        old = self.env["ir.attachment"].create(
            {
                "name": self.leaver._hotel_privacy_export_filename(),
                "raw": b"PK old export",
                "res_model": "res.partner",
                "res_id": self.leaver.id,
            }
        )
        kept = self.env["ir.attachment"].create(
            {"name": "passport-scan.pdf", "raw": b"%PDF", "res_model": "res.partner", "res_id": self.leaver.id}
        )
        self.assertTrue(old.with_user(self.employee).read(["datas"]), "before: any employee reads it")
        self.env.flush_all()
        self.assertEqual(migration.detach_guest_exports(self.env.cr), 1)
        self.env.invalidate_all()
        self.assertEqual((old.res_model, old.res_id), ("hotel.crm.privacy.log", 0))
        self.assertEqual((kept.res_model, kept.res_id), ("res.partner", self.leaver.id), "other files stay")
        for user in (self.employee, self.front, self.manager):
            with self.assertRaises(AccessError, msg=f"{user.login} reads an older export file"):
                old.with_user(user).read(["datas"])

    def test_erasure_deletes_the_export_files(self):
        attachment = self._export_attachment(self.manager)
        self.leaver.with_user(self.dpo).with_context(allowed_company_ids=self.west.ids).hotel_anonymize(
            "The guest asked to be forgotten"
        )
        self.assertFalse(attachment.exists(), "the erasure deletes the personal data exported before")

    # ------------------------------------------------------------------
    # KPIs: the campaign figures, public over RPC
    # ------------------------------------------------------------------
    def test_campaign_figures_of_another_property_are_refused(self):
        Campaign = self.env["hotel.crm.campaign"]
        period = ("2030-01-01", "2030-12-31")
        for user, companies in ((self.front, self.west), (self.bund_front, self.bund)):
            as_user = Campaign.with_user(user).with_context(allowed_company_ids=companies.ids)
            figures = as_user.hotel_kpi_campaign_figures(companies.ids, *period)
            self.assertEqual(figures, {"responses": 0, "revenue": 0.0, "sample": 0})
            with self.assertRaises(AccessError, msg=f"{user.login} reads the figures of both properties"):
                as_user.hotel_kpi_campaign_figures((self.west | self.bund).ids, *period)
        for user in (self.employee, self.portal):
            with self.assertRaises(AccessError, msg=f"{user.login} reads campaign figures"):
                Campaign.with_user(user).hotel_kpi_campaign_figures(self.west.ids, *period)
        with self.assertRaises(UserError):
            Campaign.with_user(self.front).hotel_kpi_campaign_figures("1 OR 1=1", *period)
        with self.assertRaises(UserError):
            Campaign.with_user(self.front).hotel_kpi_campaign_figures(self.west.ids, "soon", period[1])
        # the KPI engine (superuser) still reads every property
        self.assertEqual(
            Campaign.sudo().hotel_kpi_campaign_figures((self.west | self.bund).ids, *period)["responses"], 0
        )

    # ------------------------------------------------------------------
    # Partner scorecards: who signed it
    # ------------------------------------------------------------------
    def test_user_cannot_sign_a_scorecard_in_someone_elses_name(self):
        agency = self.env["res.partner"].create(
            {"name": "Attack Agency", "is_company": True, "hotel_partner_type": "travel_agency"}
        )
        scorecard = self.as_front(self.env["hotel.crm.partner.evaluation"]).create(
            {"partner_id": agency.id, "date_from": "2030-01-01", "date_to": "2030-01-31"}
        )
        self.assertEqual(scorecard.evaluator_id, self.front)
        scorecard.write({"evaluator_id": self.front.id, "note": "Fast answers"})  # the form sends it back
        with self.assertRaises(AccessError):
            scorecard.write({"evaluator_id": self.manager.id})
        self.assertEqual(scorecard.evaluator_id, self.front, "the draft is still signed by its author")
        self.as_manager(scorecard).write({"evaluator_id": self.manager.id})
        self.assertEqual(scorecard.evaluator_id, self.manager, "a manager may hand a scorecard over")

    # ------------------------------------------------------------------
    # Complaints: relabelled as a compliment
    # ------------------------------------------------------------------
    def test_user_cannot_relabel_a_complaint_under_way(self):
        Complaint = self.env["hotel.crm.complaint"]
        critical = Complaint.create(
            {
                "name": "Peanut sauce served",
                "partner_id": self.guest.id,
                "company_id": self.west.id,
                "severity": "critical",
            }
        )
        started = Complaint.create({"name": "Cold room", "partner_id": self.guest.id, "company_id": self.west.id})
        self.as_front(started.checklist_ids[:1]).write({"done": True})
        fresh = Complaint.create({"name": "Slow lift", "partner_id": self.guest.id, "company_id": self.west.id})
        for complaint in (critical, started):
            steps = complaint.checklist_ids
            self.assertTrue(steps, "a complaint has its checklist")
            with self.assertRaises(AccessError, msg=complaint.name):
                self.as_front(complaint).write({"feedback_type": "compliment"})
            self.assertEqual(complaint.feedback_type, "complaint")
            self.assertEqual(complaint.checklist_ids, steps, "the checklist and its progress are kept")
        self.as_front(fresh).write({"feedback_type": "suggestion"})
        self.assertEqual(fresh.feedback_type, "suggestion", "a fresh complaint's type may be corrected")
        self.as_manager(critical).write({"feedback_type": "compliment"})
        self.assertEqual(critical.feedback_type, "compliment", "a manager may correct any")

    # ------------------------------------------------------------------
    # Guests: the group's stored totals
    # ------------------------------------------------------------------
    def test_group_totals_are_for_hotel_crm_staff_only(self):
        stay = self.as_manager(self.stay_west)
        stay.action_check_in()
        stay.write({"revenue_room": 2400})
        stay.action_check_out()
        guest = self.guest.with_user(self.employee)
        fields = guest.fields_get()
        for fname in (*GROUP_TOTALS, "hotel_booked_stay_count"):
            self.assertNotIn(fname, fields, f"{fname} offered to an employee without Hotel CRM rights")
        for fname in GROUP_TOTALS:
            with self.assertRaises(AccessError, msg=fname):
                guest.read([fname])
        # what the employee may read of a contact still loads
        self.assertEqual(guest.read(["name"])[0]["name"], "Trust Mei Ling")
        view = guest.get_views([(False, "form")])
        self.assertNotIn("hotel_revenue_total", view["views"]["form"]["arch"])
        # Hotel CRM staff read them (the integrator contract)
        self.assertEqual(self.as_front(self.guest).read(["hotel_revenue_total"])[0]["hotel_revenue_total"], 2400)
        self.assertEqual(self.as_front(self.guest).hotel_stay_count, 1)


@tagged("post_install", "-at_install", "hotel_crm_trust")
class TestTrustAttackS10Http(AttackCommon, HttpCase):
    """The same over the web client's routes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._attack_setup()

    def test_export_download_is_refused_to_others(self):
        attachment = self._export_attachment(self.dpo)
        url = f"/web/content/{attachment.id}?download=true"
        self.authenticate("attack_dpo", "attack_dpo_pw")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(zipfile.is_zipfile(io.BytesIO(response.content)), "the requester downloads the ZIP")
        for login in ("attack_employee", "trust_front", "trust_manager"):
            self.authenticate(login, f"{login}_pw")
            response = self.url_open(url)
            self.assertIn(response.status_code, (403, 404), f"{login} downloads another manager's export")
            self.assertFalse(zipfile.is_zipfile(io.BytesIO(response.content)))

    def test_campaign_figures_over_json_rpc(self):
        self.authenticate("attack_portal", "attack_portal_pw")
        with self.assertRaises(Exception) as caught:
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "hotel.crm.campaign",
                    "method": "hotel_kpi_campaign_figures",
                    "args": [self.bund.ids, "2030-01-01", "2030-12-31"],
                    "kwargs": {},
                },
            )
        self.assertIn("AccessError", str(caught.exception))
