from odoo import fields, models


class HotelCrmPreferenceCategory(models.Model):
    _name = "hotel.crm.preference.category"
    _description = "Guest Preference Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Stable technical key used by integrations and imports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    sensitive = fields.Boolean(
        string="Sensitive by Default",
        help="New preferences of this category are flagged sensitive (e.g. allergies).",
    )
    inferable = fields.Boolean(
        string="Inferred from History",
        help="Values repeated in a guest's recent stays may be proposed as inferred preferences.",
    )
    description = fields.Text(translate=True)
    preference_count = fields.Integer(compute="_compute_preference_count", string="Preferences")

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "The code of a preference category must be unique."),
    ]

    def _compute_preference_count(self):
        groups = self.env["hotel.crm.preference"]._read_group(
            [("category_id", "in", self.ids)], ["category_id"], ["__count"]
        )
        counts = {category.id: count for category, count in groups}
        for category in self:
            category.preference_count = counts.get(category.id, 0)
