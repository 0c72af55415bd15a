import contextlib
from datetime import date, datetime, timedelta

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import TrustCommon

# Readonly in a view is always the case for these attribute values on a saved record
ALWAYS_READONLY = ("1", "True", "true", "id")
# Fields readonly in a view that a Hotel CRM user may still write through the API, and why.
ALLOWED = {
    ("res.partner", "hotel_stay_ids"): "linking a stay to a guest changes the stay's guest, which the front "
    "desk may do on the stay form; the stay's own checks (write access, state, points) apply",
    ("hotel.crm.review", "reply_date"): "stamped by the server when the reply is saved: a client's value is "
    "dropped, never stored (test_review checks it)",
    ("hotel.crm.review", "reply_user_id"): "stamped by the server with the reply date, the same way",
}


@tagged("post_install", "-at_install", "hotel_crm_trust")
class TestTrustReadonlyFields(TrustCommon, TransactionCase):
    """Every field readonly in the addon's views, as the Hotel CRM user gets them, is refused to
    that user's ``write`` on the server (or, for a field that stores nothing, changes nothing)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._trust_setup()
        complaint = cls.env["hotel.crm.complaint"].create(
            {"name": "Broken kettle", "partner_id": cls.guest.id, "company_id": cls.west.id}
        )
        cls.fixtures = {
            "res.partner": cls.guest,
            "hotel.crm.stay": cls.stay_west,
            "hotel.crm.preference": cls.env["hotel.crm.preference"].search(
                [("partner_id", "=", cls.guest.id), ("sensitive", "=", False)], limit=1
            ),
            "hotel.crm.complaint": complaint,
            "hotel.crm.complaint.checklist": complaint.checklist_ids[:1],
            "hotel.crm.improvement": cls.env["hotel.crm.improvement"].create(
                {
                    "name": "Kettles checked daily",
                    "company_id": cls.west.id,
                    "complaint_ids": [Command.link(complaint.id)],
                }
            ),
            "hotel.crm.guest.loss": cls.env["hotel.crm.guest.loss"].create(
                {"partner_id": cls.guest.id, "company_id": cls.west.id, "revenue_lost": 100}
            ),
            # the front desk's own attendance: a trainee may rate the course, nothing else
            "hotel.crm.training.attendance": cls._own_attendance(),
            "hotel.crm.review": cls.env["hotel.crm.review"].create(
                {"source": "google", "external_id": "TRUST-1", "company_id": cls.west.id, "rating": 2}
            ),
            # a crisis warning as the early-warning job raises it: the staff only choose its crisis type
            "hotel.crm.crisis.alert": cls.env["hotel.crm.crisis.alert"].create(
                {
                    "kind": "complaints",
                    "company_id": cls.west.id,
                    "category_id": cls.env.ref("hotel_crm.complaint_category_noise").id,
                    "window_start": datetime(2026, 3, 1, 8),
                    "window_end": datetime(2026, 3, 1, 12),
                    "window_hours": 24,
                    "count": 3,
                    "threshold": 3,
                    "spike_key": "trust-1",
                    "complaint_ids": [Command.link(complaint.id)],
                }
            ),
            # the application creates in-stay checks (at check-in); the front desk records their outcome
            "hotel.crm.stay.check": cls.env["hotel.crm.stay.check"].create(
                {"stay_id": cls.stay_west.id, "company_id": cls.west.id}
            ),
        }
        # the front desk's own draft scorecard (a user scores their own drafts) and another one
        agency = cls.env["res.partner"].create(
            {"name": "Trust Agency", "is_company": True, "hotel_partner_type": "travel_agency"}
        )
        scorecards = cls.env["hotel.crm.partner.evaluation"].create(
            [
                {
                    "partner_id": agency.id,
                    "company_id": cls.west.id,
                    "evaluator_id": evaluator.id,
                    "date_from": date(2026, 1, day),
                    "date_to": date(2026, 1, 31),
                }
                for evaluator, day in ((cls.front, 1), (cls.env.user, 2))
            ]
        )
        cls.fixtures["hotel.crm.partner.evaluation"] = scorecards[0]
        cls.fixtures["hotel.crm.partner.evaluation.line"] = scorecards[0].line_ids[:1]
        # a second guest, so that relational fields have another record to point to
        cls.other_guest = cls.env["res.partner"].create({"name": "Trust Second Guest", "hotel_guest": True})

    @classmethod
    def _own_attendance(cls):
        employee = cls.env["hr.employee"].create(
            {"name": "Trust Front Agent", "user_id": cls.front.id, "company_id": cls.west.id}
        )
        course = cls.env["hotel.crm.training.course"].create(
            {
                "name": "Trust Listening Skills",
                "topic_id": cls.env.ref("hotel_crm.training_topic_complaint_handling").id,
                "method_id": cls.env.ref("hotel_crm.training_method_role_play").id,
                "duration_hours": 2,
                "pass_score": 70,
            }
        )
        session = cls.env["hotel.crm.training.session"].create(
            {
                "course_id": course.id,
                "company_id": cls.west.id,
                "date_start": datetime(2026, 3, 2, 9),
                "date_end": datetime(2026, 3, 2, 11),
                "attendance_ids": [Command.create({"employee_id": employee.id, "score": 80})],
            }
        )
        session.action_done()
        return session.attendance_ids

    # ------------------------------------------------------------------
    def _addon_fields(self):
        data = self.env["ir.model.data"].search([("module", "=", "hotel_crm"), ("model", "=", "ir.model.fields")])
        return {(f.model, f.name) for f in self.env["ir.model.fields"].browse(data.mapped("res_id")).exists()}

    def _walk(self, node, model, view, found):
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "field" and child.get("name") in self.env[model]._fields:
                field = self.env[model]._fields[child.get("name")]
                readonly = child.get("readonly")
                if readonly in ALWAYS_READONLY or (readonly is None and field.readonly):
                    found.setdefault((model, field.name), set()).add(view)
                if field.relational and len(child):
                    self._walk(child, field.comodel_name, view, found)
                continue
            self._walk(child, model, view, found)

    def _readonly_fields(self):
        """``{(model, field): views}``: the addon's fields readonly in a form or list view as the
        Hotel CRM user gets it (``get_views``: groups applied)."""
        own = self._addon_fields()
        found = {}
        for model in sorted({model for model, _f in own}):
            Model = self.env[model]
            if Model._transient or Model._abstract:
                continue
            views = self.env["ir.ui.view"].search(
                [("model", "=", model), ("type", "in", ("form", "list")), ("mode", "=", "primary")]
            )
            for view in views:
                try:
                    arch = Model.with_user(self.front).get_views([(view.id, view.type)])["views"][view.type]["arch"]
                except AccessError:
                    continue  # a view of a model the user may not read at all
                self._walk(etree.fromstring(arch), model, view.xml_id or str(view.id), found)
        return {key: views for key, views in found.items() if key in own}

    def _other_value(self, record, field):
        current = record.sudo()[field.name]
        kind = field.type
        if kind == "boolean":
            return not current
        if kind == "integer":
            return (current or 0) + 7
        if kind in ("float", "monetary"):
            return (current or 0.0) + 7.5
        if kind in ("char", "text", "html"):
            return f"{current or ''} changed"
        if kind == "date":
            return (current or date(2030, 1, 1)) + timedelta(days=3)
        if kind == "datetime":
            return (current or datetime(2030, 1, 1)) + timedelta(hours=5)
        if kind == "selection":
            options = [key for key, _label in field._description_selection(self.env)]
            return next(key for key in options if key != current)
        Comodel = self.env[field.comodel_name].sudo().with_context(active_test=False)
        if field.comodel_name == "res.company":
            return self.bund.id
        if field.comodel_name == "res.partner":
            other = self.other_guest
        else:
            other = Comodel.search([("id", "not in", current.ids)], limit=1)
        self.assertTrue(other, f"a record of {field.comodel_name} to write in {record._name}.{field.name}")
        return other.id if kind == "many2one" else [Command.link(other.id)]

    def test_readonly_fields_are_refused_to_the_user(self):
        readonly = self._readonly_fields()
        self.assertIn(("hotel.crm.complaint", "compensation_points_granted"), readonly, "the walk sees the views")
        self.assertIn(("hotel.crm.stay", "revenue_total"), readonly)
        Access = self.env["ir.model.access"].with_user(self.front)
        checked = []
        for (model, fname), views in sorted(readonly.items()):
            if (model, fname) in ALLOWED:
                continue
            with self.subTest(model=model, field=fname, views=sorted(views)):
                if not Access.check(model, "write", raise_exception=False):
                    checked.append((model, fname))
                    continue  # refused by the access rights of the whole model
                record = self.fixtures.get(model)
                self.assertTrue(record, f"no {model} record to write on: add one to the fixtures")
                field = record._fields[fname]
                before = record.sudo()[fname]
                value = self._other_value(record, field)
                if not field.store and not field.inverse:
                    # nothing stored: the write may go through (or be refused) but must change nothing
                    with contextlib.suppress(UserError), self.env.cr.savepoint():
                        self.as_front(record).write({fname: value})
                        self.env.flush_all()
                else:
                    with self.assertRaises(UserError), self.env.cr.savepoint():
                        self.as_front(record).write({fname: value})
                        self.env.flush_all()
                self.env.invalidate_all()
                self.assertEqual(record.sudo()[fname], before, "unchanged")
                checked.append((model, fname))
        self.assertGreater(len(checked), 30, "the walk covered the addon's readonly fields")
