from odoo import _, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    hotel_complaint_ids = fields.One2many("hotel.crm.complaint", "partner_id", string="Complaints")
    hotel_complaint_count = fields.Integer(string="Complaint Count", compute="_compute_hotel_complaint_count")

    def _compute_hotel_complaint_count(self):
        counts = dict(
            self.env["hotel.crm.complaint"]._read_group(
                [("partner_id", "in", self.ids), ("feedback_type", "=", "complaint")], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.hotel_complaint_count = counts.get(partner, 0)

    hotel_complaint_open_count = fields.Integer(
        string="Open Complaints",
        compute="_compute_hotel_complaint_open_count",
        help="Complaints of the guest not closed yet, at the properties the user works for (suggestions and "
        "compliments are not counted).",
    )

    def _compute_hotel_complaint_open_count(self):
        counts = dict(
            self.env["hotel.crm.complaint"]._read_group(
                [("partner_id", "in", self.ids), ("is_closed", "=", False), ("feedback_type", "=", "complaint")],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.hotel_complaint_open_count = counts.get(partner, 0)

    def action_view_hotel_complaints(self):
        self._hotel_ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Complaints"),
            "res_model": "hotel.crm.complaint",
            "view_mode": "list,kanban,form",
            "domain": [("partner_id", "=", self.id)],
            # suggestions and compliments are one filter away
            "context": {"default_partner_id": self.id, "search_default_complaints": 1},
        }
