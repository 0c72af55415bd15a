from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    # the company's write refuses it to anyone but a Hotel CRM manager (res_company.py)
    hotel_retention_months = fields.Integer(
        related="company_id.hotel_retention_months",
        readonly=False,
        groups="hotel_crm.hotel_crm_group_manager",
    )
