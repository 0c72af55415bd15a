from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# Marks the wizard's own writes of its lines (a module-level object: no RPC context can carry it)
_TRUSTED = object()
# the dry run lists at most this many guests (the count says how many there are)
RETENTION_LIST_LIMIT = 2000
LINE_RESULTS = [
    ("candidate", "To Anonymise"),
    ("done", "Anonymised"),
    ("skipped", "Skipped"),
    ("failed", "Failed"),
]


class HotelCrmRetentionWizard(models.TransientModel):
    """The retention review: the dry run of the retention rule, then the erasure of the listed guests.

    *List Candidates* lists, per property, the guests ``res.partner._hotel_retention_candidates``
    would erase, with their last departure and the period applied; nothing changes. *Anonymise*
    erases the listed guests that are still candidates (the rule is checked again, guest by guest,
    under a row lock), each through ``hotel_anonymize``; the guests that fail are reported, the
    others go on. For Hotel CRM managers with the sensitive-data group, checked on the server.
    """

    _name = "hotel.crm.retention.wizard"
    _description = "Guest Data Retention Review"

    company_ids = fields.Many2many(
        "res.company",
        string="Properties",
        default=lambda self: self.env.companies,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
        help="The properties whose candidates are listed: guests listed under the property whose "
        "retention period applies to them (the longest of their properties).",
    )
    line_ids = fields.One2many("hotel.crm.retention.wizard.line", "wizard_id", string="Guests", readonly=True)
    listed = fields.Boolean(readonly=True)
    candidate_count = fields.Integer(string="Candidates", readonly=True)
    todo_count = fields.Integer(string="To Anonymise", compute="_compute_counts")
    done_count = fields.Integer(string="Anonymised", compute="_compute_counts")
    failed_count = fields.Integer(string="Failed", compute="_compute_counts")
    confirm = fields.Boolean(
        string="I understand that this cannot be undone",
        help="The listed guests' personal data is erased for good; stays, revenue, scores and the ledger stay.",
    )

    @api.depends("line_ids.result")
    def _compute_counts(self):
        for wizard in self:
            results = wizard.line_ids.mapped("result")
            wizard.todo_count = results.count("candidate")
            wizard.done_count = results.count("done")
            wizard.failed_count = results.count("failed")

    @api.model_create_multi
    def create(self, vals_list):
        self.env["res.partner"]._hotel_privacy_check_erasure_rights()
        return super().create(vals_list)

    def _hotel_companies(self):
        """The wizard's properties the user may access. :raise UserError: none"""
        # read with superuser rights: a crafted call may name a property the user cannot read
        companies = self.env["res.company"].browse(self.sudo().company_ids.ids)
        if not self.env.su:
            companies &= self.env.user.company_ids
        if not companies:
            raise UserError(self.env._("Choose at least one of your properties to review."))
        return companies

    def _hotel_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Guest Data Retention"),
        }

    def action_list(self):
        """The dry run: list the candidates of the wizard's properties; nothing else changes.

        :return: the wizard again, with one line per candidate (at most ``RETENTION_LIST_LIMIT``)
        :raise AccessError: the user may not erase personal data
        :raise UserError: no property chosen
        """
        self.ensure_one()
        self.env["res.partner"]._hotel_privacy_check_erasure_rights()
        companies = self._hotel_companies()
        rows = self.env["res.partner"]._hotel_retention_candidate_rows(companies=companies)
        Line = self.env["hotel.crm.retention.wizard.line"].with_context(hotel_retention_trusted=_TRUSTED)
        Line.search([("wizard_id", "=", self.id)]).unlink()
        Line.create(
            [
                {
                    "wizard_id": self.id,
                    "partner_id": row["partner_id"],
                    "company_id": row["company_id"],
                    "months": row["months"],
                    "last_stay_date": row["last_stay_date"],
                    "result": "candidate",
                }
                for row in rows[:RETENTION_LIST_LIMIT]
            ]
        )
        self.write({"listed": True, "candidate_count": len(rows), "confirm": False})
        return self._hotel_reopen()

    def action_anonymize(self):
        """Erase the listed guests that are still candidates; report each guest's outcome on its line.

        :return: the wizard again, each line *Anonymised*, *Skipped* (no longer a candidate, or
            being erased by someone else) or *Failed* (with the reason)
        :raise AccessError: the user may not erase personal data
        :raise UserError: not confirmed, nothing listed, no property chosen
        """
        self.ensure_one()
        self.env["res.partner"]._hotel_privacy_check_erasure_rights()
        if not self.confirm:
            raise UserError(self.env._("Tick the confirmation: the erasure cannot be undone."))
        lines = self.line_ids.filtered(lambda line: line.result == "candidate")
        if not lines:
            raise UserError(self.env._("List the candidates first: there is no guest to anonymise."))
        companies = self._hotel_companies()
        result = self.env["res.partner"]._hotel_retention_anonymize(lines.partner_id.ids, companies=companies)
        done, skipped, failed = set(result["done"]), set(result["skipped"]), result["failed"]
        lines = lines.with_context(hotel_retention_trusted=_TRUSTED)
        for line in lines:
            pid = line.partner_id.id
            if pid in done:
                line.write({"result": "done", "message": False})
            elif pid in failed:
                line.write({"result": "failed", "message": failed[pid]})
            elif pid in skipped:
                line.write(
                    {"result": "skipped", "message": self.env._("No longer a candidate, or anonymised meanwhile.")}
                )
        self.confirm = False
        return self._hotel_reopen()


class HotelCrmRetentionWizardLine(models.TransientModel):
    """One guest of the retention review: why they are a candidate, and what became of them.

    Written by the wizard only: the erasure checks the rule again itself, whatever a line says.
    """

    _name = "hotel.crm.retention.wizard.line"
    _description = "Guest Data Retention Review Line"
    _order = "company_id, last_stay_date, id"

    wizard_id = fields.Many2one("hotel.crm.retention.wizard", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Guest", required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company", string="Property", readonly=True, help="The property whose retention period applies."
    )
    months = fields.Integer(string="Period (months)", readonly=True)
    last_stay_date = fields.Date(
        string="Last Departure", readonly=True, help="Empty: the guest never stayed (counted from creation)."
    )
    result = fields.Selection(LINE_RESULTS, readonly=True, default="candidate")
    message = fields.Char(readonly=True)

    def _hotel_check_trusted(self):
        if not (self.env.su or self.env.context.get("hotel_retention_trusted") is _TRUSTED):
            raise AccessError(self.env._("The retention review's lines are written by the review only."))

    @api.model_create_multi
    def create(self, vals_list):
        self._hotel_check_trusted()
        return super().create(vals_list)

    def write(self, vals):
        self._hotel_check_trusted()
        return super().write(vals)
