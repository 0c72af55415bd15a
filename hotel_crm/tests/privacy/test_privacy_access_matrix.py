"""The access matrix: who may do what on every model of the addon, in one table.

``ACCESS`` holds, for every model of hotel_crm (its own ``hotel.crm.*`` models, wizards and SQL
reports, and the models of other addons it grants rights on), what each persona may do: ``r``
read, ``w`` write, ``c`` create, ``d`` delete (unlink). A model missing from the table fails
``test_every_model_is_in_the_table``: a room that adds a model adds its line here, and says what
each persona may do with it.
"""

import uuid

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from ..common import HotelCrmCommon

# persona -> groups (the Hotel CRM roles, and two that must not see hotel data)
PERSONAS = {
    "portal": "base.group_portal",
    "employee": "base.group_user",
    "user": "base.group_user,hotel_crm.hotel_crm_group_user",
    "manager": "base.group_user,hotel_crm.hotel_crm_group_manager",
    "sensitive": "base.group_user,hotel_crm.hotel_crm_group_user,hotel_crm.hotel_crm_group_sensitive",
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "d": "unlink"}

# model: (portal, employee without Hotel CRM rights, Hotel CRM user, manager, user + sensitive data)
# fmt: off
ACCESS = {
    # guests and stays
    "hotel.crm.stay":                     ("", "", "rwc", "rwcd", "rwc"),
    # preferences (the sensitive ones are hidden by a record rule, see the tests below)
    "hotel.crm.preference":               ("", "", "rwcd", "rwcd", "rwcd"),
    "hotel.crm.preference.category":      ("", "", "r", "rwcd", "r"),
    # loyalty: the ledger is append-only (no write, no delete for anyone), its guards in create()
    "hotel.crm.tier":                     ("r", "", "r", "rwcd", "r"),
    "hotel.crm.reward":                   ("r", "", "r", "rwcd", "r"),
    "hotel.crm.points.move":              ("r", "", "rc", "rc", "rc"),
    "hotel.crm.greeting":                 ("", "", "r", "r", "r"),
    "hotel.crm.points.report":            ("", "", "", "r", ""),
    "hotel.crm.points.redeem":            ("", "", "rwc", "rwc", "rwc"),
    "hotel.crm.points.adjust":            ("", "", "", "rwc", ""),
    "hotel.crm.loyalty.summary":          ("", "", "", "rwc", ""),
    # value and life cycle
    "hotel.crm.guest.loss":               ("", "", "rw", "rwcd", "rw"),
    "hotel.crm.value.pyramid.report":     ("", "", "r", "r", "r"),
    # complaints (a guest reads their own on the portal)
    "hotel.crm.complaint":                ("r", "", "rwc", "rwcd", "rwc"),
    "hotel.crm.complaint.stage":          ("r", "", "r", "rwcd", "r"),
    "hotel.crm.complaint.category":       ("r", "", "r", "rwcd", "r"),
    "hotel.crm.complaint.checklist":      ("", "", "rwc", "rwcd", "rwc"),
    "hotel.crm.complaint.checklist.step": ("", "", "r", "rwcd", "r"),
    "hotel.crm.sla.policy":               ("", "", "r", "rwcd", "r"),
    "hotel.crm.crisis.step":              ("", "", "r", "rwcd", "r"),
    "hotel.crm.improvement":              ("", "", "rwc", "rwcd", "rwc"),
    "hotel.crm.complaint.report":         ("", "", "r", "r", "r"),
    # training: every employee reads the catalogue and rates their own attendance
    "hotel.crm.training.topic":           ("", "r", "r", "rwcd", "r"),
    "hotel.crm.training.method":          ("", "r", "r", "rwcd", "r"),
    "hotel.crm.training.course":          ("", "r", "r", "rwcd", "r"),
    "hotel.crm.training.session":         ("", "r", "r", "rwcd", "r"),
    "hotel.crm.training.attendance":      ("", "rw", "rw", "rwcd", "rw"),
    "hotel.crm.training.report":          ("", "", "", "r", ""),
    "hotel.crm.training.gap.report":      ("", "", "", "r", ""),
    "hotel.crm.training.effect.report":   ("", "", "", "r", ""),
    "hotel.crm.training.effect.summary":  ("", "", "", "r", ""),
    # surveys and reviews
    "hotel.crm.survey.invitation":        ("", "", "r", "rd", "r"),
    "hotel.crm.review":                   ("", "", "rwc", "rwcd", "rwc"),
    "hotel.crm.satisfaction.report":      ("", "", "r", "r", "r"),
    "hotel.crm.nps.loyalty.report":       ("", "", "r", "r", "r"),
    # Odoo Survey's models: hotel staff read the answers of their properties; managers edit the
    # post-stay survey as Survey officers (implied group)
    "survey.survey":                      ("", "", "r", "rwcd", "r"),
    "survey.question":                    ("", "", "r", "rwcd", "r"),
    "survey.question.answer":             ("", "", "r", "rwcd", "r"),
    "survey.user_input":                  ("", "", "r", "rwcd", "r"),
    "survey.user_input.line":             ("", "", "r", "r", "r"),
    # front-line care: the application creates in-stay checks; crisis alerts are raised by the job
    "hotel.crm.stay.check":               ("", "", "rw", "rwd", "rw"),
    "hotel.crm.stay.check.report":        ("", "", "r", "r", "r"),
    "hotel.crm.crisis.alert":             ("", "", "rw", "rwd", "rw"),
    "hotel.crm.crisis.type":              ("", "", "r", "rwcd", "r"),
    "hotel.crm.staff.recognition.report": ("", "", "r", "r", "r"),
    # tier grants: managers only
    "hotel.crm.tier.grant":               ("", "", "r", "rwc", "r"),
    "hotel.crm.tier.grant.wizard":        ("", "", "", "rwc", ""),
    "hotel.crm.tier.grant.revoke.wizard": ("", "", "", "rwc", ""),
    # KPIs: snapshots are written by compute_snapshot only (refused in create/write otherwise)
    "hotel.crm.kpi.snapshot":             ("", "", "r", "r", "r"),
    "hotel.crm.kpi.snapshot.line":        ("", "", "r", "r", "r"),
    "hotel.crm.kpi.target":               ("", "", "r", "rwcd", "r"),
    "hotel.crm.marketing.spend":          ("", "", "r", "rwcd", "r"),
    "hotel.crm.kpi.compute":              ("", "", "", "rwc", ""),
    # partner scorecards: users fill their own drafts (the server locks the rest)
    "hotel.crm.partner.criterion":        ("", "", "r", "rwcd", "r"),
    "hotel.crm.partner.evaluation":       ("", "", "rwc", "rwcd", "rwc"),
    "hotel.crm.partner.evaluation.line":  ("", "", "rwc", "rwcd", "rwc"),
    # campaigns: members and responses are written by the send and the attribution only
    "hotel.crm.campaign":                 ("", "", "r", "rwcd", "r"),
    "hotel.crm.campaign.member":          ("", "", "r", "r", "r"),
    "hotel.crm.campaign.response":        ("", "", "r", "r", "r"),
    # privacy: the consent history is append-only, written by the guest's consent fields
    "hotel.crm.consent":                  ("", "", "r", "r", "r"),
    # privacy requests: the log is written by the erasure and the export only; the erasure wizard
    # is for managers (hotel_anonymize also asks for the sensitive-data group)
    "hotel.crm.privacy.log":              ("", "", "", "r", ""),
    # who read which guest's sensitive preferences: written by the reads, read by managers only
    "hotel.crm.sensitive.access":         ("", "", "", "r", ""),
    "hotel.crm.erasure.wizard":           ("", "", "", "rwc", ""),
    # the retention review: managers (its actions also ask for the sensitive-data group); its
    # lines are written by the review only (refused in create/write otherwise)
    "hotel.crm.retention.wizard":         ("", "", "", "rwc", ""),
    "hotel.crm.retention.wizard.line":    ("", "", "", "rwcd", ""),
    # the data-quality work list: a SQL view, read by every Hotel CRM user of its property; its
    # buttons are the only actions (each checks the line's record rule)
    "hotel.crm.data.quality":             ("", "", "r", "r", "r"),
}
# fmt: on
# (model, persona) that sees the records of every property on purpose, and why
SHARED_BY_PROPERTIES = {
    ("hotel.crm.reward", "portal"): "a guest sees the whole reward catalogue, whatever the property",
}


def matrix_users(env, company, other_company):
    """One user per persona, working for ``company``; the manager also for ``other_company``."""
    users = {}
    for persona, groups in PERSONAS.items():
        companies = company | other_company if persona == "manager" else company
        users[persona] = new_test_user(
            env,
            login=f"matrix_{persona}",
            password=f"matrix_{persona}_pw",
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(companies.ids)],
        )
    return users


@tagged("post_install", "-at_install", "hotel_crm_privacy")
class TestPrivacyAccessMatrix(HotelCrmCommon):
    """Every persona against every model: the rights of the table, nothing more, nothing less."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = matrix_users(cls.env, cls.property_a, cls.property_b)
        cls.guest = cls._guest("Matrix Guest", email="matrix.guest@example.com", hotel_consent_sensitive=True)

    def _scope(self):
        """The models the table must cover: every non-abstract ``hotel.crm.*`` model, and every
        model hotel_crm grants access rights on."""
        models = {
            name for name, model in self.env.registry.items() if name.startswith("hotel.crm.") and not model._abstract
        }
        data = self.env["ir.model.data"].search([("module", "=", "hotel_crm"), ("model", "=", "ir.model.access")])
        models |= set(self.env["ir.model.access"].browse(data.mapped("res_id")).mapped("model_id.model"))
        return models

    def test_every_model_is_in_the_table(self):
        scope = self._scope()
        missing = sorted(scope - set(ACCESS))
        self.assertFalse(
            missing,
            "models of hotel_crm missing from ACCESS in tests/privacy/test_privacy_access_matrix.py: "
            "add a line per model saying what each persona may do",
        )
        stale = sorted(set(ACCESS) - set(self.env.registry.models))
        self.assertFalse(stale, "models in ACCESS that no longer exist")

    def test_access_rights_match_the_table(self):
        mismatches = []
        for model, rights in ACCESS.items():
            for persona, allowed in zip(PERSONAS, rights, strict=True):
                Model = self.env[model].with_user(self.users[persona])
                for letter, operation in OPERATIONS.items():
                    expected = letter in allowed
                    if Model.browse().has_access(operation) != expected:
                        mismatches.append(f"{model}: {persona} {operation} should be {expected}")
        self.assertFalse(mismatches, "\n".join(mismatches))

    # ------------------------------------------------------------------
    # Real operations on real records, as each persona
    # ------------------------------------------------------------------
    def _fixtures(self):
        """model -> (values of a new record, values of a write) for the real-operation walk."""
        token = uuid.uuid4().hex[:8]
        return {
            "hotel.crm.stay": (
                {
                    "partner_id": self.guest.id,
                    "company_id": self.property_a.id,
                    "external_ref": f"MATRIX-{token}",
                    "arrival_date": "2031-03-01",
                    "departure_date": "2031-03-03",
                },
                {"note": "Late arrival"},
            ),
            "hotel.crm.complaint": (
                {"name": "Noisy corridor", "partner_id": self.guest.id, "company_id": self.property_a.id},
                {"name": "Noisy corridor at night"},
            ),
            "hotel.crm.preference": (
                {"partner_id": self.guest.id, "category_id": self.category["pillow"].id, "value": "Soft pillow"},
                {"value": "Firm pillow"},
            ),
            "hotel.crm.review": (
                {"source": "google", "external_id": f"MATRIX-{token}", "company_id": self.property_a.id, "rating": 4},
                {"title": "Quiet and clean"},
            ),
            "hotel.crm.improvement": (
                {"name": "Quiet hours signage", "company_id": self.property_a.id},
                {"name": "Quiet hours signage on every floor"},
            ),
        }

    def _allowed(self, operation, func):
        """Whether ``func()`` is allowed: ``False`` on an access refusal, in a savepoint."""
        try:
            with self.env.cr.savepoint():
                func()
        except AccessError:
            return False
        return True

    def test_real_operations_match_the_table(self):
        mismatches = []
        for model, (create_vals, write_vals) in self._fixtures().items():
            rights = dict(zip(PERSONAS, ACCESS[model], strict=True))
            for persona, user in self.users.items():
                Model = self.env[model].with_user(user).with_context(allowed_company_ids=self.property_a.ids)
                if persona == "portal" and "partner_id" in create_vals:
                    # a guest's own records: the portal rules show a guest nothing else
                    create_vals = {**create_vals, "partner_id": user.partner_id.id}
                record = self.env[model].create(dict(create_vals, **self._unique(model)))
                as_user = record.with_user(user).with_context(allowed_company_ids=self.property_a.ids)
                read = list(write_vals)
                outcomes = {
                    "r": self._allowed("read", lambda rec=as_user, names=read: rec.read(names)),
                    "w": self._allowed("write", lambda rec=as_user, vals=write_vals: rec.write(vals)),
                    "c": self._allowed(
                        "create", lambda M=Model, vals=create_vals: M.create({**vals, **self._unique(M._name)})
                    ),
                    "d": self._allowed("unlink", lambda rec=as_user: rec.unlink()),
                }
                for letter, outcome in outcomes.items():
                    if outcome != (letter in rights[persona]):
                        mismatches.append(f"{model}: {persona} {OPERATIONS[letter]} was {outcome}")
        self.assertFalse(mismatches, "\n".join(mismatches))

    def _unique(self, model):
        token = uuid.uuid4().hex[:8]
        if model == "hotel.crm.stay":
            return {"external_ref": f"MATRIX-{token}"}
        if model == "hotel.crm.review":
            return {"external_id": f"MATRIX-{token}"}
        if model == "hotel.crm.preference":
            return {"value": f"Soft pillow {token}"}
        return {}

    def test_portal_reads_only_its_own_complaints(self):
        Complaint = self.env["hotel.crm.complaint"]
        portal = self.users["portal"]
        own = Complaint.create(
            {"name": "Cold room", "partner_id": portal.partner_id.id, "company_id": self.property_a.id}
        )
        other = Complaint.create({"name": "Lost key", "partner_id": self.guest.id, "company_id": self.property_a.id})
        self.assertEqual(Complaint.with_user(portal).search([("id", "in", (own | other).ids)]), own)
        with self.assertRaises(AccessError):
            other.with_user(portal).read(["name"])

    # ------------------------------------------------------------------
    # Record rules per property
    # ------------------------------------------------------------------
    def test_every_property_record_is_hidden_from_other_properties(self):
        """Every model of the table with a stored property field (``company_id``, or
        ``hotel_company_id`` on survey answers) has a record rule that hides the records of
        property B from a user of property A, whatever group gives them access."""
        holes = []
        for model in sorted(ACCESS):
            Model = self.env[model]
            if Model._transient:
                continue
            fname = next((f for f in ("company_id", "hotel_company_id") if f in Model._fields), None)
            if not fname or not Model._fields[fname].store:
                continue
            for persona in ("user", "employee", "portal"):
                user = self.users[persona]
                if (model, persona) in SHARED_BY_PROPERTIES or not Model.with_user(user).browse().has_access("read"):
                    continue
                domain = self.env["ir.rule"].with_user(user)._compute_domain(model, "read")
                foreign = Model.new({fname: self.property_b.id})
                if not domain or foreign.filtered_domain(domain):
                    holes.append(f"{model}: a {persona} of {self.property_a.name} reads {self.property_b.name}'s")
        self.assertFalse(holes, "\n".join(holes))

    def test_user_of_property_a_cannot_read_property_b_records(self):
        """Stays, complaints, points, reviews, loss records and improvements of property B, as the
        front desk of property A: not found, not readable by id."""
        other = self.property_b
        stay = self._stay(self.guest, "2031-04-01", "2031-04-03", company=other, external_ref="MATRIX-B-1")
        records = {
            "hotel.crm.stay": stay,
            "hotel.crm.complaint": self.env["hotel.crm.complaint"].create(
                {"name": "Cold shower", "partner_id": self.guest.id, "company_id": other.id, "stay_id": stay.id}
            ),
            "hotel.crm.points.move": self.guest._hotel_points_grant(100, "bonus", reason="Matrix", company_id=other.id),
            "hotel.crm.review": self.env["hotel.crm.review"].create(
                {"source": "google", "external_id": "MATRIX-B-1", "company_id": other.id, "rating": 2}
            ),
            "hotel.crm.guest.loss": self.env["hotel.crm.guest.loss"].create(
                {"partner_id": self.guest.id, "company_id": other.id}
            ),
            "hotel.crm.improvement": self.env["hotel.crm.improvement"].create(
                {"name": "Boiler check", "company_id": other.id}
            ),
        }
        for model, record in records.items():
            self.assertEqual(record.company_id, other, model)
            for persona in ("user", "sensitive"):
                Model = self.env[model].with_user(self.users[persona])
                self.assertFalse(Model.search([("id", "=", record.id)]), f"{persona} finds {model} of B")
                with self.assertRaises(AccessError, msg=f"{persona} reads {model} of B"):
                    Model.browse(record.id).read(["company_id"])
            # the manager of both properties, working in A only, does not see B either
            Manager = (
                self.env[model].with_user(self.users["manager"]).with_context(allowed_company_ids=[self.property_a.id])
            )
            self.assertFalse(Manager.search([("id", "=", record.id)]), f"manager in A finds {model} of B")
            Manager = Manager.with_context(allowed_company_ids=self.properties.ids)
            self.assertEqual(Manager.search([("id", "=", record.id)]), record, f"manager in A and B misses {model}")

    # ------------------------------------------------------------------
    # Sensitive and staff-only fields through the ORM
    # ------------------------------------------------------------------
    def test_sensitive_preferences_only_for_the_sensitive_group(self):
        allergy = self.env["hotel.crm.preference"].create(
            {"partner_id": self.guest.id, "category_id": self.category["allergy"].id, "value": "Peanuts"}
        )
        self.assertTrue(allergy.sensitive, "an allergy is sensitive")
        for persona in ("user", "manager"):
            Preference = self.env["hotel.crm.preference"].with_user(self.users[persona])
            self.assertFalse(Preference.search([("partner_id", "=", self.guest.id)]).filtered("sensitive"))
            with self.assertRaises(AccessError):
                Preference.browse(allergy.id).read(["value"])
            with self.assertRaises(AccessError):
                Preference.browse(allergy.id).write({"value": "Tree nuts"})
        Sensitive = self.env["hotel.crm.preference"].with_user(self.users["sensitive"])
        self.assertEqual(Sensitive.browse(allergy.id).read(["value"])[0]["value"], "Peanuts")
        # nor found by searching for it: no guest comes out of a search on a hidden value
        Partner = self.env["res.partner"].with_user(self.users["user"])
        self.assertFalse(Partner.search([("hotel_preference_ids.value", "ilike", "Peanuts")]))
        self.assertEqual(
            self.env["res.partner"]
            .with_user(self.users["sensitive"])
            .search([("hotel_preference_ids.value", "ilike", "Peanuts")]),
            self.guest,
        )

    def test_sensitive_arrival_notes_only_for_the_sensitive_group(self):
        stay = self._stay(self.guest, "2031-05-01", "2031-05-03", external_ref="MATRIX-NOTES")
        stay.arrival_notes_sensitive = "Peanut allergy: no nuts in the minibar"
        for persona in ("user", "manager"):
            with self.assertRaises(AccessError):
                stay.with_user(self.users[persona]).read(["arrival_notes_sensitive"])
        # nor searched on, which would tell who has a given allergy
        Stay = self.env["hotel.crm.stay"].with_user(self.users["user"])
        with self.assertRaises(AccessError):
            Stay.search([("arrival_notes_sensitive", "ilike", "Peanut")])
        values = stay.with_user(self.users["sensitive"]).read(["arrival_notes_sensitive"])
        self.assertEqual(values[0]["arrival_notes_sensitive"], "Peanut allergy: no nuts in the minibar")

    def test_staff_only_guest_fields(self):
        """A portal user reads their own guest figures, never another guest's, and never the
        staff-only fields (E.164 key, preferences, points ledger) even of their own contact."""
        portal = self.users["portal"]
        own = portal.partner_id.sudo()
        own.hotel_guest = True
        self.assertTrue(own.with_user(portal).read(["hotel_stay_count", "hotel_guest_code"]))
        for fname in ("hotel_phone_e164", "hotel_preference_ids", "hotel_points_move_ids"):
            with self.assertRaises(AccessError, msg=fname):
                own.with_user(portal).read([fname])
        other = self.guest.with_user(portal)
        for fname in ("hotel_stay_count", "hotel_revenue_total", "hotel_birthday"):
            with self.assertRaises(AccessError, msg=fname):
                other.read([fname])


@tagged("post_install", "-at_install", "hotel_crm_privacy")
class TestPrivacyAccessJsonRpc(HttpCase):
    """The same refusals through the web client's JSON-RPC (``/web/dataset/call_kw``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.property_a = cls.env["res.company"].create({"name": "Matrix RPC Lakeside"})
        cls.property_b = cls.env["res.company"].create({"name": "Matrix RPC Harbour"})
        cls.users = matrix_users(cls.env, cls.property_a, cls.property_b)
        cls.guest = cls.env["res.partner"].create(
            {"name": "Matrix RPC Guest", "hotel_guest": True, "hotel_consent_sensitive": True}
        )
        allergy = cls.env.ref("hotel_crm.hotel_crm_preference_category_allergy", raise_if_not_found=False)
        allergy = allergy or cls.env["hotel.crm.preference.category"].search([("code", "=", "allergy")], limit=1)
        cls.allergy = cls.env["hotel.crm.preference"].create(
            {"partner_id": cls.guest.id, "category_id": allergy.id, "value": "Shellfish"}
        )
        Stay = cls.env["hotel.crm.stay"]
        cls.stay_a = Stay.create(
            {
                "partner_id": cls.guest.id,
                "company_id": cls.property_a.id,
                "external_ref": "MATRIX-RPC-A",
                "arrival_date": "2031-06-01",
                "departure_date": "2031-06-03",
                "arrival_notes_sensitive": "Shellfish allergy",
            }
        )
        cls.stay_b = Stay.create(
            {
                "partner_id": cls.guest.id,
                "company_id": cls.property_b.id,
                "external_ref": "MATRIX-RPC-B",
                "arrival_date": "2031-06-01",
                "departure_date": "2031-06-03",
            }
        )

    def _call(self, persona, model, method, args, kwargs=None):
        self.authenticate(f"matrix_{persona}", f"matrix_{persona}_pw")
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _assert_refused(self, persona, model, method, args, kwargs=None):
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException, msg=f"{persona} {model}.{method}") as caught:
            self._call(persona, model, method, args, kwargs)
        self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")

    def test_sensitive_preference_through_rpc(self):
        self._assert_refused("user", "hotel.crm.preference", "read", [[self.allergy.id], ["value"]])
        found = self._call(
            "user", "hotel.crm.preference", "search_read", [[("partner_id", "=", self.guest.id)]], {"fields": ["value"]}
        )
        self.assertNotIn("Shellfish", [row["value"] for row in found])
        rows = self._call("sensitive", "hotel.crm.preference", "read", [[self.allergy.id], ["value"]])
        self.assertEqual(rows[0]["value"], "Shellfish")
        # the read is logged, though JSON-RPC reads run on a read-only cursor
        log = self.env["hotel.crm.sensitive.access"].search([("partner_id", "=", self.guest.id)])
        self.assertEqual((log.user_id, log.how), (self.users["sensitive"], "rpc"))

    def test_sensitive_stay_notes_through_rpc(self):
        self._assert_refused("user", "hotel.crm.stay", "read", [[self.stay_a.id], ["arrival_notes_sensitive"]])
        rows = self._call("user", "hotel.crm.stay", "read", [[self.stay_a.id], ["external_ref"]])
        self.assertEqual(rows[0]["external_ref"], "MATRIX-RPC-A")
        # a web_read of the whole form leaves the field out instead of failing
        rows = self._call("user", "hotel.crm.stay", "search_read", [[("id", "=", self.stay_a.id)]], {})
        self.assertNotIn("arrival_notes_sensitive", rows[0])

    def test_other_property_through_rpc(self):
        self._assert_refused("user", "hotel.crm.stay", "read", [[self.stay_b.id], ["external_ref"]])
        found = self._call(
            "user",
            "hotel.crm.stay",
            "search_read",
            [[("partner_id", "=", self.guest.id)]],
            {"fields": ["external_ref"]},
        )
        self.assertEqual([row["external_ref"] for row in found], ["MATRIX-RPC-A"])

    def test_no_hotel_rights_through_rpc(self):
        self._assert_refused("employee", "hotel.crm.stay", "search_read", [[]], {"fields": ["external_ref"]})
        self._assert_refused("portal", "hotel.crm.stay", "search_read", [[]], {"fields": ["external_ref"]})
        self._assert_refused("portal", "res.partner", "read", [[self.guest.id], ["hotel_revenue_total"]])
        # on their own contact, a guest reads their stay figures but not the staff-only fields
        own = self.users["portal"].partner_id.id
        rows = self._call("portal", "res.partner", "read", [[own], ["hotel_stay_count"]])
        self.assertEqual(rows[0]["hotel_stay_count"], 0)
        self._assert_refused("portal", "res.partner", "read", [[own], ["hotel_phone_e164"]])
