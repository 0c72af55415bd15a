import re
from datetime import timedelta

from odoo import Command, fields
from odoo.modules.module import get_manifest
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.misc import file_open

CHINESE = re.compile("[\u4e00-\u9fff]")
# the data records users read (not demo): their translatable texts must be translated
READ_MODELS = [
    "hotel.crm.complaint.checklist.step",
    "hotel.crm.crisis.step",
    "hotel.crm.sla.policy",
    "hotel.crm.complaint.stage",
    "hotel.crm.complaint.category",
    "hotel.crm.preference.category",
    "hotel.crm.tier",
    "hotel.crm.reward",
    "mail.activity.type",
    "mail.template",
    "hotel.crm.partner.criterion",
]


@tagged("post_install", "-at_install", "hotel_crm_webclient")
class TestWebclientChineseScreens(TransactionCase):
    """No English left on the zh_CN screens: data records and generated messages are in Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["hotel_crm"], ["zh_CN"], overwrite=True)

    def _data_xmlids(self):
        ids = set()
        for path in get_manifest("hotel_crm")["data"]:
            with file_open(f"hotel_crm/{path}") as f:
                ids.update(re.findall(r'<record id="([\w.]+)"', f.read()))
        return {xid if "." in xid else f"hotel_crm.{xid}" for xid in ids}

    def test_data_records_translated(self):
        xmlids = self._data_xmlids()
        untranslated, checked, models_checked = [], 0, set()
        for model in READ_MODELS:
            Model = self.env[model].with_context(active_test=False)
            # plain translated fields and term-translated ones (a template's subject and body)
            names = [f for f, field in Model._fields.items() if field.translate and field.store]
            records = Model.search([])
            xmlid_of = records.get_external_id()
            for record in records:
                if xmlid_of[record.id] not in xmlids:
                    continue
                for name in names:
                    english = record.with_context(lang="en_US")[name]
                    if not english or not re.search(r"[A-Za-z]{3}", str(english)):
                        continue
                    checked += 1
                    models_checked.add(model)
                    if record.with_context(lang="zh_CN")[name] == english:
                        untranslated.append(f"{xmlid_of[record.id]}.{name}: {english!r}")
        self.assertGreater(checked, 40, "the checklist, crisis plan, SLA policies, stages... are checked")
        self.assertLessEqual(
            {"hotel.crm.complaint.checklist.step", "hotel.crm.crisis.step", "mail.activity.type", "mail.template"},
            models_checked,
            "the checklist, the crisis plan, the activity types and the mail templates are checked",
        )
        self.assertFalse(untranslated, f"{len(untranslated)} texts stay English in zh_CN:\n" + "\n".join(untranslated))

    def test_generated_texts_in_property_language(self):
        company = self.env["res.company"].create({"name": "杭州测试酒店"})
        company.partner_id.lang = "zh_CN"
        guest = self.env["res.partner"].create({"name": "Wang Fang", "hotel_guest": True})
        agent = new_test_user(
            self.env,
            login="wc_zh_agent",
            groups="hotel_crm.hotel_crm_group_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            lang="zh_CN",
        )
        complaint = self.env["hotel.crm.complaint"].create(
            {
                "name": "Noise",
                "partner_id": guest.id,
                "company_id": company.id,
                "severity": "critical",
                "user_id": agent.id,
            }
        )
        # the checklist in the reader's language
        step = self.env.ref("hotel_crm.complaint_checklist_step_02")
        line = complaint.checklist_ids.filtered(lambda line: line.step_id == step)
        self.assertEqual(line.with_context(lang="zh_CN").step_name, step.with_context(lang="zh_CN").name)
        self.assertNotEqual(line.with_context(lang="zh_CN").step_name, "Listen to the complaint")
        # the crisis note and an SLA breach in the property's language
        crisis = complaint.message_ids.filtered(lambda m: "Crisis" in str(m.body) or "危机" in str(m.body))
        self.assertTrue(crisis)
        self.assertNotIn("Crisis: complaint", str(crisis.body))
        complaint.response_deadline = fields.Datetime.now()
        complaint._hotel_notify_breach("response")
        breach = complaint.message_ids[:1]
        self.assertNotIn("SLA breach", str(breach.body), "the breach note is written in Chinese")
        self.assertRegex(str(breach.body), CHINESE)
        self.assertRegex(str(crisis.body), CHINESE)
        # the crisis plan's to-dos in the language of the one who does them (here the property's)
        todos = complaint.activity_ids.filtered(lambda a: a.user_id == agent)
        self.assertTrue(todos, "the crisis plan's steps are scheduled for the complaint's agent")
        for todo in todos:
            self.assertRegex(todo.summary or "", CHINESE, f"crisis to-do in the agent's Chinese: {todo.summary}")

    def test_loyalty_message_in_property_language(self):
        company = self.env["res.company"].create({"name": "上海测试酒店"})
        company.partner_id.lang = "zh_CN"
        guest = self.env["res.partner"].create({"name": "Li Wei", "hotel_guest": True})
        today = company._hotel_today()
        self.env["hotel.crm.stay"].with_company(company).create(
            {
                "partner_id": guest.id,
                "company_id": company.id,
                "arrival_date": today - timedelta(days=3),
                "departure_date": today - timedelta(days=1),
                "state": "checked_out",
                "revenue_room": 1200.0,
            }
        )
        guest.with_company(company)._hotel_tier_evaluate()
        self.assertTrue(guest.hotel_tier_id, "the guest joined the programme")
        bodies = [str(m.body) for m in guest.message_ids]
        self.assertFalse([b for b in bodies if "Welcome to the loyalty programme" in b], "no English welcome")
        self.assertTrue([b for b in bodies if "欢迎加入" in b], f"the welcome in Chinese: {bodies}")
