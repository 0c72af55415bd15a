from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    hotel_preference_ids = fields.One2many("hotel.crm.preference", "partner_id", string="Preferences")
    hotel_preference_count = fields.Integer(string="Preference Count", compute="_compute_hotel_preference_count")

    def _compute_hotel_preference_count(self):
        groups = self.env["hotel.crm.preference"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.hotel_preference_count = counts.get(partner.id, 0)

    def action_hotel_view_preferences(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("hotel_crm.hotel_crm_preference_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
