from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

GRANT_REASONS = [
    ("status_match", "Status Match"),
    ("paid_membership", "Paid Membership"),
    ("vip_courtesy", "VIP Courtesy"),
    ("other", "Other"),
]
GRANT_STATES = [("active", "Active"), ("expired", "Expired"), ("revoked", "Revoked")]
MANAGER = "hotel_crm.hotel_crm_group_manager"
# the last day a grant may run to ("for good" included): the day after it must still be a date
GRANT_UNTIL_MAX = date(2999, 12, 31)


class HotelCrmTierGrant(models.Model):
    """A tier a manager grants a guest until a date, for a stated reason.

    A status match with another programme, a paid membership card, a courtesy for a VIP: the
    guest holds at least the granted tier until ``date_until`` (inclusive, in the granting
    property's calendar), or a higher one they earn (``res.partner._hotel_tier_evaluate``). The
    grant is logged in the guest's chatter, where the programme keeps the guest's tier history.
    The day after ``date_until`` the expiry job marks it expired and normal evaluation resumes,
    with the programme's soft downgrade (at most one tier down per review). A manager may revoke
    an active grant before its last day, with a reason (:meth:`action_revoke`): the guest's tier is
    then reviewed at once as at the grant's end; the grant stays, revoked, with who, when and why.

    Only Hotel CRM managers grant (access rights, and :meth:`create` refuses anyone else even as
    the application); the fields that say what was granted, to whom and by whom cannot be
    changed afterwards (see the guard).
    """

    _name = "hotel.crm.tier.grant"
    _description = "Loyalty Tier Grant"
    _inherit = ["mail.thread"]
    _order = "date_until desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Guest",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("hotel_guest", "=", True)],
        tracking=True,
    )
    tier_id = fields.Many2one(
        "hotel.crm.tier", string="Granted Tier", required=True, ondelete="restrict", tracking=True
    )
    date_from = fields.Date(
        string="Granted On", required=True, readonly=True, default=lambda s: s.env.company._hotel_today()
    )
    date_until = fields.Date(
        string="Valid Until",
        required=True,
        tracking=True,
        help="Last day of the grant, in the granting property's calendar; normal evaluation resumes the day after.",
    )
    reason = fields.Selection(GRANT_REASONS, required=True, tracking=True)
    reason_note = fields.Char(
        string="Details",
        tracking=True,
        help="E.g. the other programme and the guest's status there, the membership card's number.",
    )
    user_id = fields.Many2one(
        "res.users", string="Granted By", required=True, readonly=True, default=lambda s: s.env.user
    )
    company_id = fields.Many2one(
        "res.company", string="Property", required=True, index=True, default=lambda s: s.env.company
    )
    state = fields.Selection(GRANT_STATES, required=True, default="active", readonly=True, index=True, tracking=True)
    revoked_user_id = fields.Many2one("res.users", string="Revoked By", readonly=True, copy=False)
    revoked_date = fields.Date(
        string="Revoked On", readonly=True, copy=False, help="In the granting property's calendar."
    )
    revoke_reason = fields.Text(string="Revocation Reason", readonly=True, copy=False)

    _sql_constraints = [
        ("dates_check", "CHECK(date_until >= date_from)", "A tier grant cannot end before it starts."),
    ]

    @api.depends("partner_id", "tier_id")
    def _compute_display_name(self):
        for grant in self:
            grant.display_name = " · ".join(filter(None, [grant.partner_id.name, grant.tier_id.name]))

    @api.constrains("reason", "reason_note", "date_from", "date_until", "partner_id")
    def _check_grant(self):
        for grant in self:
            if grant.reason == "other" and not (grant.reason_note or "").strip():
                raise ValidationError(
                    _(
                        "Tier grant %(grant)s: field “Details” is required when the reason is “Other”.",
                        grant=grant.display_name,
                    )
                )
            if grant.date_until < grant.date_from:
                raise ValidationError(
                    _(
                        "Tier grant %(grant)s: field “Valid Until” (%(until)s) is before the grant's "
                        "start (%(start)s).",
                        grant=grant.display_name,
                        until=grant.date_until,
                        start=grant.date_from,
                    )
                )
            if grant.date_until > GRANT_UNTIL_MAX:
                raise ValidationError(
                    _(
                        "Tier grant %(grant)s: field “Valid Until” (%(until)s) is after %(max)s.",
                        grant=grant.display_name,
                        until=grant.date_until,
                        max=GRANT_UNTIL_MAX,
                    )
                )
            if not grant.partner_id.hotel_guest:
                raise ValidationError(
                    _(
                        "Tier grant %(grant)s: %(partner)s is not a hotel guest.",
                        grant=grant.display_name,
                        partner=grant.partner_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._hotel_check_manager()
        grants = super().create(vals_list)
        grants._hotel_apply()
        return grants

    def write(self, vals):
        self._hotel_check_manager()
        res = super().write(vals)
        if "date_until" in vals:
            self.filtered(lambda g: g.state == "active")._hotel_apply(extended=True)
        return res

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _hotel_check_manager(self):
        """Refuse grants to anyone but a Hotel CRM manager, whatever the path (form, wizard, RPC).

        :raise AccessError: naming the right needed
        """
        if self.env.su or self.env.user.has_group(MANAGER):
            return
        raise AccessError(_("Only a Hotel CRM manager can grant a loyalty tier."))

    def action_revoke(self, reason):
        """Revoke these active grants before their last day (managers only, like granting).

        Each grant becomes *Revoked* with who revoked it, the day (the granting property's) and
        ``reason``; its guest's tier is reviewed at once as at a grant's end (the earned tier, at
        most one tier down: ``res.partner._hotel_tier_grant_revoked``), logged in the guest's chatter.

        :param str reason: why the grant is revoked (required, not blank)
        :return: True
        :raise AccessError: the user is not a Hotel CRM manager, or may not change these grants
        :raise UserError: no reason, or a grant that is not active (nothing is changed)
        """
        self._hotel_check_manager()
        self.check_access("write")
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(
                _(
                    "Tier grant %(grant)s: field “Revocation Reason” is required.",
                    grant=", ".join(self.mapped("display_name")),
                )
            )
        states = dict(self._fields["state"]._description_selection(self.env))
        for grant in self:
            if grant.state != "active":
                raise UserError(
                    _(
                        "Tier grant %(grant)s is %(state)s: only an active grant can be revoked.",
                        grant=grant.display_name,
                        state=states[grant.state],
                    )
                )
        for grant in self:
            # what the guard refuses to clients, written by the application after the checks above
            grant._hotel_trusted().write(
                {
                    "state": "revoked",
                    "revoked_user_id": self.env.uid,
                    "revoked_date": grant.company_id._hotel_today(),
                    "revoke_reason": reason.strip(),
                }
            )
            grant.partner_id._hotel_tier_grant_revoked(grant)
        return True

    def action_open_revoke_wizard(self):
        """*Revoke* on the grant form: the dialog asking for the reason (managers only)."""
        self.ensure_one()
        self._hotel_check_manager()
        action = self.env["ir.actions.act_window"]._for_xml_id("hotel_crm.hotel_crm_tier_grant_revoke_wizard_action")
        action["context"] = {"default_grant_id": self.id}
        return action

    def _hotel_is_current(self, today=None):
        """Whether this grant holds on ``today`` (default: the granting property's today)."""
        self.ensure_one()
        today = today or self.company_id._hotel_today()
        return self.state == "active" and self.date_from <= today <= self.date_until

    def _hotel_apply(self, extended=False):
        """Give the guests of these grants their granted tier when it is higher than theirs, log
        the grant in their chatter (the tier history) and hold the tier review until the grant ends."""
        for grant in self.sudo():
            grant.partner_id._hotel_tier_grant_apply(grant, extended=extended)

    @api.model
    def _cron_expire(self):
        """Expire the grants whose last day has passed in their property's calendar.

        Each expired grant is logged in its guest's chatter; the guests who hold no other current
        grant are then reviewed as at the end of a qualification period (soft downgrade: at most
        one tier down, a tier still qualified for is kept for a new period).

        One run at a time (``base._hotel_job_lock``): a second run started meanwhile returns 0
        instead of failing on the grants the first one expires.

        :return: the number of grants expired
        """
        if not self._hotel_job_lock("tier_grant_expiry"):
            return 0
        grants = self.sudo().search([("state", "=", "active")])
        today_by_company = self.env["res.company"]._hotel_today_by_company(grants.company_id)
        expired = grants.filtered(lambda g: g.date_until < today_by_company[g.company_id.id])
        if not expired:
            return 0
        expired.write({"state": "expired"})
        expired.partner_id._hotel_tier_grant_expired(expired)
        return len(expired)
