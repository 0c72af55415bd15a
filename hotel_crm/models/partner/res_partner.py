from odoo import _, api, fields, models

from .common import PARTNER_TYPES


class ResPartner(models.Model):
    _inherit = "res.partner"

    hotel_partner_type = fields.Selection(
        PARTNER_TYPES,
        string="Partner Type",
        index="btree_not_null",
        tracking=True,
        groups="base.group_user",
        help="What the company is to the hotel: a travel agency, an online travel agency or a "
        "corporate account (they book stays) or a supplier. Partner scorecards rank partners of "
        "the same type.",
    )
    hotel_booked_stay_count = fields.Integer(
        string="Booked Stays",
        compute="_compute_hotel_booked_stay_count",
        # counted over the stays: only Hotel CRM staff may read them
        groups="hotel_crm.hotel_crm_group_user",
    )
    hotel_partner_evaluation_count = fields.Integer(
        string="Scorecards", compute="_compute_hotel_partner_evaluation_count", groups="base.group_user"
    )

    def _compute_hotel_booked_stay_count(self):
        counts = dict(
            self.env["hotel.crm.stay"]._read_group([("booker_id", "in", self.ids)], ["booker_id"], ["__count"])
        )
        for partner in self:
            partner.hotel_booked_stay_count = counts.get(partner._origin, 0)

    def _compute_hotel_partner_evaluation_count(self):
        Evaluation = self.env["hotel.crm.partner.evaluation"]
        counts = {}
        if Evaluation.has_access("read"):
            counts = dict(Evaluation._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.hotel_partner_evaluation_count = counts.get(partner._origin, 0)

    def action_hotel_booked_stays(self):
        """The stays this company booked (list, graph and pivot)."""
        self._hotel_ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("hotel_crm.hotel_crm_stay_action")
        action.update(
            name=_("Stays booked by %s", self.display_name),
            domain=[("booker_id", "=", self.id)],
            context={"default_booker_id": self.id},
        )
        return action

    def action_hotel_partner_evaluations(self):
        """This company's scorecards."""
        self._hotel_ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("hotel_crm.hotel_crm_partner_evaluation_action")
        action.update(
            domain=[("partner_id", "=", self.id)],
            context={"default_partner_id": self.id},
        )
        return action

    @api.model
    def _hotel_partner_type_label(self, partner_type):
        return dict(self._fields["hotel_partner_type"]._description_selection(self.env)).get(partner_type, "")
