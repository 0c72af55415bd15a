"""The property setting of the data-quality work list: after how many years a guest is dormant."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .hotel_crm_data_quality import DEFAULT_DORMANT_YEARS

# beyond any retention period a hotel keeps guest data for
MAX_DORMANT_YEARS = 100


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    hotel_dormant_years = fields.Integer(
        string="Dormant After (years)",
        default=DEFAULT_DORMANT_YEARS,
        help="A guest with no stay (at any property) for this many years, and none booked, is listed as "
        "dormant in the data-quality work list of this property: a candidate for erasure.",
    )

    @api.constrains("hotel_dormant_years")
    def _check_hotel_dormant_years(self):
        for company in self:
            if not 1 <= company.hotel_dormant_years <= MAX_DORMANT_YEARS:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: 'Dormant After (years)' must be between 1 and %(max)s, not %(value)s.",
                        company=company.name,
                        max=MAX_DORMANT_YEARS,
                        value=company.hotel_dormant_years,
                    )
                )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    hotel_dormant_years = fields.Integer(related="company_id.hotel_dormant_years", readonly=False)
