from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..guest.hotel_crm_stay import REALISED_STATES
from .hotel_crm_stay_check import ACTIVITY_TYPE, CRITERIA, OUTCOMES


class HotelCrmStay(models.Model):
    """The in-stay check of a stay: scheduled when the guest checks in (desk button, state write,
    import), its courtesy call withdrawn when the guest leaves before it was made."""

    _inherit = "hotel.crm.stay"  # pylint: disable=consider-merging-classes-inherited

    hotel_instay_check_ids = fields.One2many("hotel.crm.stay.check", "stay_id", string="In-Stay Checks")
    hotel_instay_check_id = fields.Many2one(
        "hotel.crm.stay.check", string="In-Stay Check", compute="_compute_hotel_instay_check_id"
    )
    hotel_instay_outcome = fields.Selection(
        OUTCOMES, string="In-Stay Check Outcome", compute="_compute_hotel_instay_check_id"
    )

    @api.depends("hotel_instay_check_ids.outcome")
    def _compute_hotel_instay_check_id(self):
        for stay in self:
            check = stay.hotel_instay_check_ids[:1]
            stay.hotel_instay_check_id = check
            stay.hotel_instay_outcome = check.outcome if check else False

    # ------------------------------------------------------------------
    # Stay events
    # ------------------------------------------------------------------
    def _hotel_state_changed(self, previous_states):
        res = super()._hotel_state_changed(previous_states)
        checked_in = self.filtered(lambda s: s.state == "in_house" and previous_states.get(s.id) != "in_house")
        if checked_in and not self.env.context.get("hotel_no_instay_check"):
            self.env["hotel.crm.stay.check"]._hotel_schedule(checked_in)
        left = self.filtered(lambda s: s.state != "in_house" and previous_states.get(s.id) == "in_house")
        left._hotel_instay_withdraw_calls()
        return res

    def _import_stays_created(self, rows):
        res = super()._import_stays_created(rows)
        if not self.env.context.get("hotel_no_instay_check"):
            self.env["hotel.crm.stay.check"]._hotel_schedule(self.filtered(lambda s: s.state == "in_house"))
        return res

    def _hotel_instay_withdraw_calls(self):
        """The guest left (or the check-in was undone) before the call: its activity goes, the
        check stays, not done (the report counts it as missed)."""
        checks = self.env["hotel.crm.stay.check"].sudo().search([("stay_id", "in", self.ids), ("outcome", "=", "none")])
        if checks:
            checks.activity_unlink([ACTIVITY_TYPE])

    # ------------------------------------------------------------------
    # Criteria, responsible
    # ------------------------------------------------------------------
    def _hotel_instay_criteria(self):
        """Which criteria of their property's settings the guests of these stays match.

        Read for the whole recordset at once: the guests' value segment, tier and life-cycle stage,
        and one query for the two history criteria (a complaint on a previous stay of the guest at
        any property of the group, no realised stay before this one).

        :return: ``{stay_id: [criterion key, ...]}`` with the keys of ``CRITERIA`` (``value``,
            ``tier``, ``at_risk``, ``complained``, ``first_stay``); an empty list for none
        """
        stays = self.sudo()
        if not stays:
            return {}
        self.env["hotel.crm.stay"].flush_model(["partner_id", "state", "arrival_date"])
        self.env["hotel.crm.complaint"].flush_model(["stay_id", "active"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT s.id,
                       EXISTS(SELECT 1 FROM hotel_crm_complaint c
                                JOIN hotel_crm_stay o ON o.id = c.stay_id
                               WHERE o.partner_id = s.partner_id AND o.id != s.id AND c.active
                                 AND o.arrival_date <= s.arrival_date),
                       NOT EXISTS(SELECT 1 FROM hotel_crm_stay o
                                   WHERE o.partner_id = s.partner_id AND o.id != s.id AND o.state IN %(realised)s
                                     AND (o.arrival_date, o.id) < (s.arrival_date, s.id))
                  FROM hotel_crm_stay s
                 WHERE s.id IN %(ids)s
                """,
                realised=REALISED_STATES,
                ids=tuple(stays.ids),
            )
        )
        history = {sid: (complained, first) for sid, complained, first in rows}
        ranked = self.env["hotel.crm.tier"]._hotel_ranked()
        rank = {tier.id: index for index, tier in enumerate(ranked)}
        result = {}
        for stay in stays:
            company, guest = stay.company_id, stay.partner_id
            complained, first = history.get(stay.id, (False, False))
            threshold = company.hotel_instay_check_tier_id
            matched = {
                "value": company.hotel_instay_check_value and guest.hotel_value_segment in ("vip", "major"),
                "tier": company.hotel_instay_check_tier
                and threshold.id in rank
                and guest.hotel_tier_id.id in rank
                and rank[guest.hotel_tier_id.id] >= rank[threshold.id],
                "at_risk": company.hotel_instay_check_at_risk and guest.hotel_lifecycle_stage == "at_risk",
                "complained": company.hotel_instay_check_complained and complained,
                "first_stay": company.hotel_instay_check_first_stay and first,
            }
            result[stay.id] = [key for key in CRITERIA if matched[key]]
        return result

    def _hotel_instay_responsible(self):
        """Who makes the courtesy call of this stay: the property's guest relations, else who
        prepares its arrivals, else the stay's responsible, else the current user."""
        self.ensure_one()
        company = self.company_id.sudo()
        return (
            company.hotel_guest_relations_user_id
            or company.hotel_preference_user_id
            or self.sudo().user_id
            or self.env.user
        )

    def _hotel_instay_check_or_raise(self):
        self._hotel_ensure_one(caller_depth=2)
        if not self.hotel_instay_check_id:
            raise UserError(_("Stay %(stay)s has no in-stay check.", stay=self.display_name))
        return self.hotel_instay_check_id

    # ------------------------------------------------------------------
    # Actions (the stay form's buttons)
    # ------------------------------------------------------------------
    def action_hotel_instay_satisfied(self):
        return self._hotel_instay_check_or_raise().action_satisfied()

    def action_hotel_instay_issue(self):
        return self._hotel_instay_check_or_raise().action_issue()

    def action_hotel_view_instay_check(self):
        self._hotel_instay_check_or_raise()
        return {
            "type": "ir.actions.act_window",
            "res_model": "hotel.crm.stay.check",
            "res_id": self.hotel_instay_check_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
