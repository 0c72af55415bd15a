from datetime import timedelta

from markupsafe import Markup

from odoo import _, fields, models


class ResPartner(models.Model):
    """Granted tiers on the guest: the guest holds the higher of the granted (current) and the
    earned tier; a current grant holds the tier review until the day after it ends."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    hotel_tier_grant_ids = fields.One2many(
        "hotel.crm.tier.grant", "partner_id", string="Tier Grants", groups="base.group_user"
    )
    hotel_tier_grant_id = fields.Many2one(
        "hotel.crm.tier.grant",
        string="Current Tier Grant",
        compute="_compute_hotel_tier_grant_id",
        groups="base.group_user",
        help="The grant that currently holds the guest's tier (the highest one), if any.",
    )

    def _compute_hotel_tier_grant_id(self):
        current = self.filtered("id")._hotel_tier_grants_current()
        for partner in self:
            partner.hotel_tier_grant_id = current.get(partner.id, False)

    # ------------------------------------------------------------------
    # Tier evaluation with grants
    # ------------------------------------------------------------------
    def _hotel_tier_grants_current(self):
        """The current grant of each guest of ``self``: active, begun and not past its last day in
        its property's calendar; of several, the one of the highest tier.

        :return: ``{partner_id: hotel.crm.tier.grant}`` (sudo records)
        """
        if not self.ids:
            return {}
        grants = (
            self.env["hotel.crm.tier.grant"].sudo().search([("partner_id", "in", self.ids), ("state", "=", "active")])
        )
        if not grants:
            return {}
        today = self.env["res.company"]._hotel_today_by_company(grants.company_id)
        rank = {tier.id: index for index, tier in enumerate(self.env["hotel.crm.tier"]._hotel_ranked())}
        current = {}
        for grant in grants:
            if grant.tier_id.id not in rank or not grant._hotel_is_current(today[grant.company_id.id]):
                continue
            best = current.get(grant.partner_id.id)
            if not best or rank[grant.tier_id.id] > rank[best.tier_id.id]:
                current[grant.partner_id.id] = grant
        return current

    def _hotel_tier_evaluate(self, review=False):
        """As the programme evaluates, but a current grant holds its guest's tier: such a guest is
        only upgraded (when they earn a higher tier), never lowered, and their review moves to the
        day after the grant ends."""
        current = self._hotel_tier_grants_current()
        held = self.filtered(lambda p: p.id in current)
        if not held:
            return super()._hotel_tier_evaluate(review=review)
        changes = super(ResPartner, self - held)._hotel_tier_evaluate(review=review)
        changes.update(super(ResPartner, held)._hotel_tier_evaluate(review=False))
        for partner in held.sudo():
            resume = current[partner.id].date_until + timedelta(days=1)
            # the review cron must not find these guests again every day of the grant
            if partner.hotel_tier_id == current[partner.id].tier_id and (
                not partner.hotel_tier_review_date or partner.hotel_tier_review_date < resume
            ):
                partner.write({"hotel_tier_review_date": resume})
        return changes

    def _hotel_tier_grant_apply(self, grant, extended=False):
        """Give this guest ``grant``'s tier if it is higher than theirs, and log the grant.

        The guest's tier is the programme's (refused to clients, see ``_hotel_loyalty_check_protected``):
        written here as superuser, after the grant itself was checked (managers only). A raised
        tier is reviewed the day after the grant ends.

        :param grant: a ``hotel.crm.tier.grant`` of this guest
        :param bool extended: the grant's last day changed (no new grant)
        """
        self.ensure_one()
        partner = self.sudo()
        ranked = self.env["hotel.crm.tier"]._hotel_ranked()
        rank = {tier.id: index for index, tier in enumerate(ranked)}
        old = partner.hotel_tier_id
        resume = grant.date_until + timedelta(days=1)
        vals = {}
        raised = grant.tier_id.id in rank and (old.id not in rank or rank[grant.tier_id.id] > rank[old.id])
        if raised:
            vals.update(hotel_tier_id=grant.tier_id.id, hotel_tier_date=grant.company_id._hotel_today())
        if raised or (extended and old == grant.tier_id):
            vals["hotel_tier_review_date"] = resume
        if vals:
            partner.write(vals)
        reason = dict(grant._fields["reason"]._description_selection(self.env))[grant.reason]
        if grant.reason_note:
            reason = f"{reason}: {grant.reason_note}"
        if extended:
            text = _("Tier grant %(tier)s now valid until %(until)s.", tier=grant.tier_id.name, until=grant.date_until)
        elif raised:
            text = _(
                "Tier %(tier)s granted until %(until)s by %(user)s (%(reason)s): tier raised from %(old)s.",
                tier=grant.tier_id.name,
                until=grant.date_until,
                user=grant.user_id.name,
                reason=reason,
                old=old.name or _("no tier"),
            )
        else:
            text = _(
                "Tier %(tier)s granted until %(until)s by %(user)s (%(reason)s); the guest's own tier "
                "%(old)s is as high or higher and is kept.",
                tier=grant.tier_id.name,
                until=grant.date_until,
                user=grant.user_id.name,
                reason=reason,
                old=old.name,
            )
        partner._message_log(body=Markup("<p>%s</p>") % text)

    def _hotel_tier_grant_expired(self, grants):
        """After ``grants`` expired: log it, then review the guests who hold no other current grant
        and whose review was held for the grant (soft downgrade, see ``_hotel_tier_evaluate``).

        :param grants: the expired ``hotel.crm.tier.grant`` records of these guests
        """
        partners = self.sudo()
        for grant in grants:
            grant.partner_id.sudo()._message_log(
                body=Markup("<p>%s</p>")
                % _(
                    "Tier grant %(tier)s ended on %(until)s: the tier is evaluated again as usual.",
                    tier=grant.tier_id.name,
                    until=grant.date_until,
                )
            )
        partners._hotel_tier_review_after_grants(grants)

    def _hotel_tier_grant_revoked(self, grant):
        """After ``grant`` was revoked: log it, then review the guest as at a grant's end, today.

        A review held for the grant (to the day after its last day) is brought to today, so that the
        guest is reviewed at once with the soft downgrade; a guest another current grant holds is
        left to that grant.

        :param grant: the revoked ``hotel.crm.tier.grant`` of this guest
        """
        self.ensure_one()
        partner = self.sudo()
        today = grant.company_id._hotel_today()
        partner._message_log(
            body=Markup("<p>%s</p>")
            % _(
                "Tier grant %(tier)s (valid until %(until)s) revoked on %(date)s by %(user)s: %(reason)s. "
                "The tier is evaluated again as usual.",
                tier=grant.tier_id.name,
                until=grant.date_until,
                date=today,
                user=grant.revoked_user_id.name,
                reason=grant.revoke_reason,
            )
        )
        held = partner.id in partner._hotel_tier_grants_current()
        if not held and partner.hotel_tier_review_date == grant.date_until + timedelta(days=1):
            partner.write({"hotel_tier_review_date": today})
        partner._hotel_tier_review_after_grants(grant)

    def _hotel_tier_review_after_grants(self, grants):
        """Review, with the soft downgrade, the guests of ``self`` whose review is due on the day
        ``grants`` (ended: expired or revoked) end, unless another current grant holds them."""
        current = self._hotel_tier_grants_current()
        today = {grant.partner_id.id: grant.company_id._hotel_today() for grant in grants}
        due = self.filtered(
            lambda p: p.id not in current and p.hotel_tier_review_date and p.hotel_tier_review_date <= today[p.id]
        )
        if due:
            due._hotel_tier_evaluate(review=True)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_hotel_grant_tier(self):
        """Open the *Grant Tier* wizard for this guest (the wizard and the grant refuse non-managers)."""
        return self._hotel_guest_action("hotel_crm.hotel_crm_tier_grant_wizard_action", own_records=False)

    def action_hotel_view_tier_grants(self):
        return self._hotel_guest_action("hotel_crm.hotel_crm_tier_grant_action")
