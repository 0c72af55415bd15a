from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    hotel_kpi_min_sample = fields.Integer(related="company_id.hotel_kpi_min_sample", readonly=False)
