from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .common import DEFAULT_MIN_SAMPLE


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    hotel_kpi_min_sample = fields.Integer(
        string="KPI Minimum Sample",
        default=DEFAULT_MIN_SAMPLE,
        help="A KPI rate or mean computed over fewer guests (answers, complaints, ...) than this is "
        "flagged small-sample.",
    )
    hotel_marketing_spend_ids = fields.One2many("hotel.crm.marketing.spend", "company_id", string="Marketing Spend")

    @api.constrains("hotel_kpi_min_sample")
    def _check_hotel_kpi_min_sample(self):
        for company in self:
            if company.hotel_kpi_min_sample < 1:
                raise ValidationError(
                    _(
                        "Company %(company)s: the KPI minimum sample must be at least 1, not %(value)s.",
                        company=company.name,
                        value=company.hotel_kpi_min_sample,
                    )
                )
