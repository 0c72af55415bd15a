from lxml import etree

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "hotel_crm_install")
class TestInstall(TransactionCase):
    """Runs on databases with and without demo data: the addon is usable out of the box."""

    def test_data_loaded(self):
        categories = self.env["hotel.crm.preference.category"].search([])
        self.assertEqual(
            set(categories.mapped("code")),
            {
                "room_type", "bed", "pillow", "floor", "view", "smoking",
                "dietary", "allergy", "amenities", "communication", "other",
            },
            "every preference category of the design is shipped as data",
        )  # fmt: skip
        self.assertTrue(categories.filtered(lambda c: c.code == "allergy").sensitive)
        self.assertTrue(self.env.ref("hotel_crm.seq_hotel_crm_guest"))

    def test_first_guest_and_stay(self):
        guest = self.env["res.partner"].create({"name": "First Guest", "hotel_guest": True})
        self.assertRegex(guest.hotel_guest_code, r"^G\d{6}$")
        stay = self.env["hotel.crm.stay"].create(
            {
                "partner_id": guest.id,
                "arrival_date": "2025-01-10",
                "departure_date": "2025-01-12",
                "revenue_room": 500,
                "state": "checked_out",
            }
        )
        self.assertEqual(stay.nights, 2)
        self.assertEqual(guest.hotel_stay_count, 1)
        self.assertEqual(guest.hotel_revenue_total, 500)

    def test_rights_offered_on_user_form(self):
        """User/Manager, sensitive data and crisis team are set on the user form without developer mode."""
        # the view Odoo generates from the groups, before access post-processing removes nodes
        doc = etree.fromstring(self.env.ref("base.user_groups_view").arch_db)
        groups = {
            "hotel_crm.hotel_crm_group_manager": "hotel_crm.hotel_crm_group_user",
            "hotel_crm.hotel_crm_group_sensitive": None,
            "hotel_crm.hotel_crm_group_crisis_team": None,
        }
        for xmlid, chained_with in groups.items():
            group = self.env.ref(xmlid)
            ids = group.ids + (self.env.ref(chained_with).ids if chained_with else [])
            name = "sel_groups_" + "_".join(str(i) for i in sorted(ids))
            nodes = doc.xpath(f"//field[@name='{name}'][not(@invisible)]")
            self.assertTrue(nodes, f"{group.full_name} is not a visible selection on the user form")
            for node in nodes:
                self.assertFalse(
                    node.xpath("ancestor-or-self::*[@groups='base.group_no_one']"),
                    f"{group.full_name} needs developer mode on the user form",
                )
