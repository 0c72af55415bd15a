from odoo import api, models

# the language each demo property writes its generated messages in (res.company._hotel_message_lang)
DEMO_PROPERTY_LANGS = {
    "hotel_crm.demo_company_west_lake": "en_US",
    "hotel_crm.demo_company_bund": "zh_CN",
}


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _hotel_demo_languages(self):
        """Demo story: the Bund hotel works in Simplified Chinese, West Lake in English.

        Activates zh_CN and loads this addon's Chinese terms only (the data records users read,
        such as the complaint checklist and the crisis plan, and the generated messages): a few
        seconds, where loading the terms of every installed module would add half a minute to each
        demo install. Settings > Translations > Languages > Update loads the rest of Odoo's terms.
        """
        for xmlid, lang in DEMO_PROPERTY_LANGS.items():
            if lang != "en_US":
                self.env["res.lang"]._activate_lang(lang)
                self.env["ir.module.module"]._load_module_terms(["hotel_crm"], [lang])
            self.env.ref(xmlid).partner_id.lang = lang
        return True
