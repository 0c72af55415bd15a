from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

MANAGER = "hotel_crm.hotel_crm_group_manager"


class ResCompany(models.Model):
    """The property's retention period of guest data (issue #17 item 4)."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    hotel_retention_months = fields.Integer(
        string="Guest Data Retention (months)",
        default=0,
        help="A guest's personal data is erased this many months after their last departure (or after "
        "their creation when they never stayed), counting the longest period of all the properties "
        "they stayed at. 0 keeps the data of this property's guests for good: a guest who stayed "
        "here is never erased by the retention job.",
    )

    _sql_constraints = [
        (
            "hotel_retention_months_positive",
            "CHECK(hotel_retention_months >= 0)",
            "The guest data retention period cannot be negative.",
        ),
    ]

    @api.constrains("hotel_retention_months")
    def _check_hotel_retention_months(self):
        for company in self:
            if company.hotel_retention_months < 0:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the guest data retention period (%(value)s months) cannot be "
                        "negative; 0 keeps the data for good.",
                        company=company.name,
                        value=company.hotel_retention_months,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("hotel_retention_months"):
                self._hotel_check_retention_rights()
        return super().create(vals_list)

    def write(self, vals):
        if "hotel_retention_months" in vals and any(
            company.hotel_retention_months != (vals["hotel_retention_months"] or 0) for company in self.sudo()
        ):
            self._hotel_check_retention_rights()
        return super().write(vals)

    def _hotel_check_retention_rights(self):
        """:raise AccessError: unless the user is a Hotel CRM manager (or the superuser): the retention
        period decides when guests' personal data is erased, Settings rights alone are not enough."""
        if self.env.su or self.env.user.has_group(MANAGER):
            return
        raise AccessError(self.env._("Only Hotel CRM managers may change the guest data retention period."))
