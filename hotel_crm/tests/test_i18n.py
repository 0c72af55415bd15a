import re

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path

PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sd]|%[sd]|\{\{.*?\}\}")
# written the same in Chinese: OCA's po-pretty-format clears a msgstr equal to its msgid
SAME_IN_CHINESE = {"ID", "10"}  # an identifier and a number read the same in Chinese


@tagged("post_install", "-at_install", "hotel_crm_i18n")
class TestTranslations(TransactionCase):
    """Simplified Chinese is complete: every message of the template is translated, placeholders intact."""

    def test_zh_cn_complete(self):
        pot = polib.pofile(file_path("hotel_crm/i18n/hotel_crm.pot"))
        po = polib.pofile(file_path("hotel_crm/i18n/zh_CN.po"))
        translated = {(e.msgctxt, e.msgid): e.msgstr for e in po if not e.obsolete and not e.fuzzy}
        missing = [e.msgid for e in pot if not translated.get((e.msgctxt, e.msgid)) and e.msgid not in SAME_IN_CHINESE]
        self.assertFalse(missing, f"{len(missing)} messages without a zh_CN translation, e.g. {missing[:5]}")
        broken = [
            (e.msgid, translated[(e.msgctxt, e.msgid)])
            for e in pot
            if e.msgid not in SAME_IN_CHINESE
            and sorted(PLACEHOLDER.findall(e.msgid)) != sorted(PLACEHOLDER.findall(translated[(e.msgctxt, e.msgid)]))
        ]
        self.assertFalse(broken, f"placeholders differ in {len(broken)} translations, e.g. {broken[:3]}")

    def test_zh_cn_loaded(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hotel_crm"], ["zh_CN"], overwrite=True)
        env = self.env(context={"lang": "zh_CN"})
        menu = env.ref("hotel_crm.hotel_crm_menu_root")
        self.assertEqual(menu.name, "酒店客户关系管理")
        field = env["ir.model.fields"]._get("hotel.crm.stay", "departure_date")
        self.assertNotEqual(field.with_context(lang="zh_CN").field_description, "Departure Date")
