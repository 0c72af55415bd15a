from odoo import api, fields, models
from odoo.tools import format_list


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

    @api.model_create_multi
    def create(self, vals_list):
        preferences = super().create(vals_list)
        preferences._hotel_notify_restricted()
        return preferences

    def _hotel_notify_restricted(self):
        """Tell a user outside the sensitive-data group that the sensitive preferences they just
        saved are kept, though they disappear from their screen (the record rule hides them).

        Sends one ``simple_notification`` on the user's bus channel, naming the guests, never the
        content; nothing for the sensitive-data group, the superuser, or non-sensitive items.
        """
        if self.env.su or self.env.user.has_group("hotel_crm.hotel_crm_group_sensitive"):
            return
        restricted = self.sudo().filtered("sensitive")
        if not restricted:
            return
        self.env.user._bus_send(
            "simple_notification",
            {
                "type": "success",
                "title": self.env._("Sensitive preference saved"),
                "message": self.env._(
                    "%(count)s sensitive preference(s) of %(guests)s saved. They are visible to "
                    "authorised staff only, so they no longer show here.",
                    count=len(restricted),
                    guests=format_list(self.env, restricted.partner_id.mapped("name")),
                ),
            },
        )

    def web_save(self, vals, specification, next_id=None):
        """Let the front desk save a sensitive preference from its own form.

        A user outside the sensitive-data group may record what a guest tells them (an allergy)
        but not read it back, and the web client reads the record it just created: answer that one
        read with the values just saved, instead of an access error that would undo the save.
        The answer never reads more with superuser rights than the new preference's own stored
        values (what the user just sent, or its defaults); anything the specification asks for
        through a relation (``partner_id.hotel_preference_ids``, ...) is read with the user's own
        rights, so a crafted specification gets nothing the user could not read anyway.
        """
        if self or next_id or self.env.su or self.env.user.has_group("hotel_crm.hotel_crm_group_sensitive"):
            return super().web_save(vals, specification, next_id=next_id)
        preference = self.create(vals)
        if not preference.sudo().sensitive:
            return preference.with_context(bin_size=True).web_read(specification)
        return [preference._hotel_web_read_own_values(specification)]

    def _hotel_web_read_own_values(self, specification):
        """``web_read`` of a preference the user may not read: own stored values only.

        :param dict specification: the web client's specification (``{field: {"fields": {...}}}``)
        :return: one ``web_read``-shaped dict: the preference's own stored, non-related fields read
            as superuser; relational fields with the user's own rights (an access error if the user
            may not read what the specification asks for); any other field is left out.
        """
        self.ensure_one()
        own = {
            fname: {}
            for fname in specification
            if fname in self._fields
            and not self._fields[fname].relational
            and self._fields[fname].store
            and not self._fields[fname].related
        }
        values = self.sudo().with_context(bin_size=True).web_read(own)[0]
        if "display_name" in specification:
            values["display_name"] = self.sudo().display_name
        for fname, spec in specification.items():
            field = self._fields.get(fname)
            if not field or not field.relational or not field.store or field.related:
                continue
            # the ids only with superuser rights; whatever is read of them, with the user's rights
            targets = self.env[field.comodel_name].browse(self.sudo()[fname].ids)
            sub = (spec or {}).get("fields")
            if field.type == "many2one":
                values[fname] = (targets.web_read(sub)[0] if sub else targets.id) if targets else False
            else:
                values[fname] = targets.web_read(sub) if sub else targets.ids
        return values
