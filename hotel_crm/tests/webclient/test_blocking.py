import datetime
import re

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import http
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import datetime as safe_eval_datetime
from odoo.tools.safe_eval import safe_eval
from odoo.tools.safe_eval import time as safe_eval_time


@tagged("post_install", "-at_install", "hotel_crm_webclient")
class TestWebclientBusinessWithoutUserEmail(TransactionCase):
    """Hotel business never depends on the acting employee having an e-mail address."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Mailless Hotel", "email": "desk@mailless.example"})
        common = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)]}
        cls.front = new_test_user(
            cls.env, login="wc_front", email=False, groups="base.group_user,hotel_crm.hotel_crm_group_user", **common
        )
        cls.duty_manager = new_test_user(
            cls.env, login="wc_duty", groups="base.group_user,hotel_crm.hotel_crm_group_user", **common
        )
        cls.department = cls.env["hr.department"].create(
            {
                "name": "Housekeeping (mailless)",
                "company_id": cls.company.id,
                "hotel_complaint_user_id": cls.duty_manager.id,
            }
        )
        cls.category = cls.env["hotel.crm.complaint.category"].create(
            {"name": "Mailless noise", "code": "wc_noise", "department_id": cls.department.id}
        )
        cls.guest = cls.env["res.partner"].create({"name": "Mailless Guest", "hotel_guest": True})

    def test_front_desk_without_email_logs_complaint(self):
        self.assertFalse(self.front.email)
        Complaint = self.env["hotel.crm.complaint"].with_user(self.front).with_company(self.company)
        with Form(Complaint) as form:
            form.name = "Hair dryer broken"
            form.partner_id = self.guest
            form.category_id = self.category
        complaint = form.record
        self.assertEqual(complaint.user_id, self.duty_manager, "routed to the department's duty manager")
        notice = self.env["mail.message"].search(
            [
                ("model", "=", complaint._name),
                ("res_id", "=", complaint.id),
                ("message_type", "=", "user_notification"),
            ]
        )
        self.assertTrue(notice, "the duty manager is told of the assignment")
        self.assertIn("desk@mailless.example", notice.email_from, "sent from the property's address")
        self.assertEqual(notice.author_id, self.front.partner_id, "the message still says who logged it")

    def test_front_desk_without_email_posts_on_guest_and_stay(self):
        stay = (
            self.env["hotel.crm.stay"]
            .with_user(self.front)
            .create({"partner_id": self.guest.id, "company_id": self.company.id})
        )
        note = "Late arrival, keep the room"
        message = stay.message_post(body=note, message_type="comment")
        self.assertIn("desk@mailless.example", message.email_from)

    def test_demo_users_have_email(self):
        for xmlid in ("hotel_crm.demo_user_front_desk", "hotel_crm.demo_user_guest_relations"):
            user = self.env.ref(xmlid, raise_if_not_found=False)
            if user:
                self.assertRegex(user.email or "", r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$", xmlid)


@tagged("post_install", "-at_install", "hotel_crm_webclient")
class TestWebclientStayCurrency(TransactionCase):
    """A new stay takes its property's currency, also when the form changes the property."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur = cls.env.ref("base.EUR")
        cls.cny = cls.env.ref("base.CNY")
        (cls.eur | cls.cny).active = True
        cls.hotel_eur = cls.env["res.company"].create({"name": "Euro Hotel", "currency_id": cls.eur.id})
        cls.hotel_cny = cls.env["res.company"].create({"name": "Yuan Hotel", "currency_id": cls.cny.id})
        groups = "base.group_user,hotel_crm.hotel_crm_group_user"
        # the front desk works at one property: the form has no property field for her
        cls.front = new_test_user(
            cls.env,
            login="wc_cur_front",
            groups=groups,
            company_id=cls.hotel_eur.id,
            company_ids=[(6, 0, cls.hotel_eur.ids)],
        )
        cls.group_user = new_test_user(
            cls.env,
            login="wc_cur_group",
            groups=groups,
            company_id=cls.hotel_cny.id,
            company_ids=[(6, 0, (cls.hotel_eur | cls.hotel_cny).ids)],
        )
        cls.guest = cls.env["res.partner"].create({"name": "Currency Guest", "hotel_guest": True})

    def test_front_desk_new_stay_has_property_currency(self):
        self.assertFalse(self.front.has_group("base.group_multi_company"))
        Stay = self.env["hotel.crm.stay"].with_user(self.front).with_company(self.hotel_eur)
        form = Form(Stay)
        self.assertEqual(form.currency_id, self.eur, "the new stay shows its property's currency")
        form.partner_id = self.guest
        form.revenue_room = 800
        stay = form.save()
        self.assertEqual(stay.currency_id, self.eur)
        self.assertEqual(stay.company_id, self.hotel_eur)

    def test_currency_follows_property_change(self):
        Stay = (
            self.env["hotel.crm.stay"]
            .with_user(self.group_user)
            .with_context(allowed_company_ids=(self.hotel_cny | self.hotel_eur).ids)
        )
        form = Form(Stay)
        form.partner_id = self.guest
        self.assertEqual(form.currency_id, self.cny)
        form.company_id = self.hotel_eur
        self.assertEqual(form.currency_id, self.eur, "changing the property changes the currency")
        self.assertEqual(form.save().currency_id, self.eur)


def _filter_groups(arch):
    """The filter groups of a search view arch as the web client builds them (search_arch_parser):
    a separator, a field or a switch between filters and group-bys closes the group.

    :return: list of lists of ``<filter>`` elements (group-bys left out)
    """
    groups, current, kind = [], [], None

    def push(new_kind=None):
        nonlocal current, kind
        if current and kind == "filter":
            groups.append(current)
        current, kind = [], new_kind

    for node in etree.fromstring(arch).iter():
        if node.tag in ("separator", "field"):
            push()
        elif node.tag == "filter":
            node_kind = "groupBy" if "group_by" in (node.get("context") or "") else "filter"
            if node_kind != kind:
                push(node_kind)
            current.append(node)
    push()
    return groups


def _filter_fields(node):
    """The fields a filter tests: its date field, or the first element of each leaf of its domain."""
    if node.get("date"):
        return {node.get("date")}
    eval_context = {
        "uid": 1,
        "context_today": lambda: datetime.date.today(),
        "datetime": safe_eval_datetime,
        "relativedelta": relativedelta,
        "time": safe_eval_time,
    }
    domain = safe_eval(node.get("domain") or "[]", eval_context)
    return {leaf[0].split(".")[0] for leaf in domain if isinstance(leaf, (list, tuple)) and len(leaf) == 3}


@tagged("post_install", "-at_install", "hotel_crm_webclient")
class TestWebclientSearchFilters(TransactionCase):
    """Filters of different meaning are in different groups, so that they combine with AND."""

    def _hotel_filters(self):
        """(model, filter name) of the filters hotel_crm's search views define."""
        filters = set()
        views = self.env["ir.ui.view"].search([("type", "=", "search")])
        for view in views.filtered(lambda v: (v.xml_id or "").startswith("hotel_crm.")):
            names = etree.fromstring(view.arch_db.encode()).xpath("//filter[not(@position)]/@name")
            filters.update((view.model, name) for name in names)
        return filters

    def test_filters_of_different_meaning_combine_with_and(self):
        hotel_filters = self._hotel_filters()
        views = self.env["ir.ui.view"].search([("type", "=", "search"), ("mode", "=", "primary")])
        checked = 0
        problems = []
        for view in views:
            arch = view._get_combined_arch()
            for group in _filter_groups(etree.tostring(arch)):
                if not {(view.model, f.get("name")) for f in group} & hotel_filters:
                    continue
                checked += 1
                meanings = {frozenset(_filter_fields(f)) for f in group}
                if len(meanings) > 1:
                    problems.append(f"{view.xml_id}: {[f.get('string') for f in group]}")
        self.assertGreater(checked, 10)
        self.assertFalse(problems, "filters testing different fields OR together:\n" + "\n".join(problems))

    def test_in_house_and_guests_filters_and(self):
        arch = self.env.ref("base.view_res_partner_filter")._get_combined_arch()
        groups = _filter_groups(etree.tostring(arch))
        group_of = {f.get("name"): i for i, group in enumerate(groups) for f in group}
        self.assertNotEqual(group_of["filter_hotel_guests"], group_of["filter_hotel_in_house"])
        self.assertNotEqual(group_of["filter_hotel_guests"], group_of["filter_hotel_arriving"])


@tagged("post_install", "-at_install", "hotel_crm_webclient")
class TestWebclientPortalComplaint(HttpCase):
    """A guest describes the complaint in a real text box and may attach a photo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guest = new_test_user(cls.env, login="wc_portal", password="wc_portal_pw", groups="base.group_portal")
        cls.guest.partner_id.hotel_guest = True

    def test_new_complaint_page_has_textarea(self):
        self.authenticate("wc_portal", "wc_portal_pw")
        page = self.url_open("/my/complaints/new")
        self.assertEqual(page.status_code, 200)
        textarea = re.search(r"<textarea[^>]*name=\"description\"[^>]*>(.*?)</textarea>", page.text, re.S)
        self.assertTrue(textarea, "the description is a closed <textarea> element")
        self.assertNotIn("<", textarea.group(1), "nothing of the page is swallowed into the text box")
        self.assertIn('type="submit"', page.text.split("</textarea>", 1)[1], "the Send button follows the box")
        self.assertRegex(page.text, r"<input[^>]*type=\"file\"[^>]*name=\"attachment\"")
        self.assertIn('enctype="multipart/form-data"', page.text)

    def test_description_plain_text_and_photo(self):
        self.authenticate("wc_portal", "wc_portal_pw")
        png = (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
            b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
        )
        response = self.url_open(
            "/my/complaints/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "name": "Stained towels",
                "description": "Towels <b>stained</b>\nin room 1204",
            },
            files={"attachment": ("towel.png", png, "image/png")},
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.env["hotel.crm.complaint"].search([("name", "=", "Stained towels")])
        self.assertEqual(len(complaint), 1)
        self.assertIn("&lt;b&gt;stained&lt;/b&gt;", str(complaint.description), "kept as text, escaped")
        self.assertIn("in room 1204", str(complaint.description))
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "hotel.crm.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(attachment.mapped("name"), ["towel.png"])
        self.assertEqual(attachment.mimetype, "image/png")
