from odoo import api, fields, models


class HotelCrmPreference(models.Model):
    _name = "hotel.crm.preference"
    _description = "Guest Preference"
    _order = "partner_id, sequence, category_id, id"
    _rec_name = "value"

    partner_id = fields.Many2one("res.partner", string="Guest", required=True, index=True, ondelete="cascade")
    category_id = fields.Many2one("hotel.crm.preference.category", required=True, index=True, ondelete="restrict")
    value = fields.Char(required=True, help="What the guest prefers, e.g. 'High floor', 'Feather-free pillow'.")
    sequence = fields.Integer(default=10)
    source = fields.Selection(
        [("stated", "Stated by guest"), ("observed", "Observed by staff"), ("inferred", "Inferred from history")],
        required=True,
        default="stated",
    )
    sensitive = fields.Boolean(
        compute="_compute_sensitive",
        store=True,
        readonly=False,
        index=True,
        help="Sensitive preferences (health, allergies, religion) are visible only to the "
        "'Sensitive guest data' group.",
    )
    note = fields.Text()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "value_unique",
            "UNIQUE(partner_id, category_id, value)",
            "This guest already has this preference.",
        ),
    ]

    @api.depends("category_id")
    def _compute_sensitive(self):
        for preference in self:
            if not preference._origin.id or not preference.sensitive:
                preference.sensitive = preference.category_id.sensitive

    @api.depends("category_id", "value")
    def _compute_display_name(self):
        for preference in self:
            preference.display_name = f"{preference.category_id.name}: {preference.value}"
