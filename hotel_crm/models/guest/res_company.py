from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    def _hotel_message_lang(self):
        """The language messages generated for this property are written in.

        :return: the code of the property's language (its partner's ``lang``), else the current
            user's, else ``en_US``
        """
        self.ensure_one()
        return self.sudo().partner_id.lang or self.env.lang or "en_US"
