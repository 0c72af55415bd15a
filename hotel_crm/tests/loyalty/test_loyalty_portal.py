from datetime import timedelta

from lxml import html

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "hotel_crm_loyalty")
class TestLoyaltyPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_a = new_test_user(cls.env, login="loyalty_portal_a", groups="base.group_portal", name="Portal Anna")
        cls.user_b = new_test_user(cls.env, login="loyalty_portal_b", groups="base.group_portal", name="Portal Bruno")
        cls.guest_a, cls.guest_b = cls.user_a.partner_id, cls.user_b.partner_id
        (cls.guest_a | cls.guest_b).write({"hotel_guest": True})
        cls.move_a = cls.guest_a._hotel_points_grant(1234, "bonus", reason="Anna welcome gift")
        cls.move_b = cls.guest_b._hotel_points_grant(4321, "bonus", reason="Bruno secret compensation")
        cls.guest_a._hotel_tier_evaluate()
        cls.reward = cls.env["hotel.crm.reward"].create(
            {"name": "Portal test lake-view upgrade", "category": "room_upgrade", "points_cost": 1000}
        )

    def test_portal_page_shows_own_data_only(self):
        self.authenticate("loyalty_portal_a", "loyalty_portal_a")
        response = self.url_open("/my/loyalty")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("Anna welcome gift", page)
        self.assertIn("1234", page)
        # the tiers table lists every tier name: check the guest's own tier element
        self.assertEqual(self._element_text(page, "hotel_loyalty_tier"), self.guest_a.hotel_tier_id.name)
        self.assertEqual(self._element_text(page, "hotel_loyalty_balance"), "1234")
        self.assertIn("Portal test lake-view upgrade", page, "the rewards catalogue is shown")
        self.assertIn("Within reach", page, "1234 points cover the 1000-point reward")
        self.assertNotIn("Bruno secret compensation", page)
        self.assertNotIn("4321", page)

        self.authenticate("loyalty_portal_b", "loyalty_portal_b")
        page = self.url_open("/my/loyalty").text
        self.assertIn("Bruno secret compensation", page)
        self.assertNotIn("Anna welcome gift", page)

    @staticmethod
    def _element_text(page, element_id):
        return html.fromstring(page).get_element_by_id(element_id).text_content().strip()

    @staticmethod
    def _move_labels(page):
        rows = html.fromstring(page).get_element_by_id("hotel_loyalty_moves")
        return [cell.text_content().strip() for cell in rows.find_class("hotel_loyalty_move_label")]

    def test_portal_guest_cannot_read_colleague_loyalty(self):
        """Two guests of one company contact: Odoo's portal rule shows the colleague, not their loyalty."""
        corporate = self.env["res.partner"].create({"name": "Loyalty Test Trading Co.", "is_company": True})
        (self.guest_a | self.guest_b).write({"parent_id": corporate.id})
        colleague = self.guest_b.with_user(self.user_a)
        self.assertEqual(colleague.read(["name"])[0]["name"], "Portal Bruno", "the colleague's contact is readable")
        for fname in ("hotel_points_balance", "hotel_tier_id", "hotel_tier_review_date", "hotel_tier_points",
                      "hotel_points_move_ids"):  # fmt: skip
            with self.subTest(field=fname), self.assertRaises(AccessError):
                colleague.read([fname])
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.user_a).search_read(
                [("id", "=", self.guest_b.id)], ["hotel_points_balance"]
            )
        # the guest's own page still shows their own figures
        self.authenticate("loyalty_portal_a", "loyalty_portal_a")
        page = self.url_open("/my/loyalty").text
        self.assertEqual(self._element_text(page, "hotel_loyalty_balance"), "1234")
        self.assertEqual(self._element_text(page, "hotel_loyalty_tier"), self.guest_a.hotel_tier_id.name)
        self.assertNotIn("4321", page)

    def test_portal_move_labels_in_guest_language(self):
        """The ledger speaks the guest's language, not the one of whoever recorded the move."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.reward.with_context(lang="zh_CN").write({"name": "湖景房升级 (zh)"})
        redeem = self.guest_a._hotel_points_redeem(self.reward)  # recorded in en_US
        self.assertIn("Portal test lake-view upgrade", redeem.name)
        self.user_a.write({"lang": "zh_CN"})
        self.authenticate("loyalty_portal_a", "loyalty_portal_a")
        page = self.url_open("/my/loyalty").text
        labels = self._move_labels(page)
        self.assertEqual(len(labels), 2, "the bonus and the redemption")
        redeem_label = next(label for label in labels if "湖景房升级 (zh)" in label)
        self.assertNotIn("lake-view", redeem_label, "built from the reward in the guest's language")
        self.assertIn("Anna welcome gift", labels, "a reason typed by a person is shown as typed")
        self.assertEqual(redeem.with_context(lang="en_US").label, "Redeemed: Portal test lake-view upgrade")

    def test_portal_home_entry(self):
        self.authenticate("loyalty_portal_a", "loyalty_portal_a")
        self.assertIn("/my/loyalty", self.url_open("/my").text)
        result = self.make_jsonrpc_request("/my/counters", {"counters": ["hotel_points_count"]})
        self.assertEqual(result, {"hotel_points_count": 1})

    def test_portal_requires_login(self):
        response = self.url_open("/my/loyalty", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_portal_record_rules(self):
        Move = self.env["hotel.crm.points.move"].with_user(self.user_a)
        self.assertEqual(Move.search([]), self.move_a.with_user(self.user_a), "a guest sees only their own moves")
        self.assertEqual(Move.search_count([("partner_id", "=", self.guest_b.id)]), 0)
        with self.assertRaises(AccessError):
            self.move_b.with_user(self.user_a).read(["points"])
        with self.assertRaises(AccessError):
            Move.create({"partner_id": self.guest_a.id, "move_type": "bonus", "points": 10, "name": "self-service"})
        with self.assertRaises(AccessError):
            self.env["hotel.crm.points.report"].with_user(self.user_a).search([])

    def test_portal_progress_to_next_tier(self):
        silver = self.env.ref("hotel_crm.hotel_crm_tier_silver")
        self.assertEqual(self.guest_a.hotel_next_tier_id, silver, "Anna is a Member: bonus points do not qualify")
        today = fields.Date.context_today(self.guest_a)
        stay = self.env["hotel.crm.stay"].create(
            {
                "partner_id": self.guest_a.id,
                "arrival_date": today - timedelta(days=8),
                "departure_date": today - timedelta(days=5),
                "revenue_room": 1500,
                "state": "checked_out",
            }
        )
        earned = stay.points_earned
        self.assertGreater(earned, 0)
        points_left = silver.min_points - earned
        nights_left = silver.min_nights - 3
        ratios = [earned / silver.min_points, 3 / silver.min_nights]
        progress = round((min(ratios) if silver.qualification_rule == "both" else max(ratios)) * 100, 1)

        self.authenticate("loyalty_portal_a", "loyalty_portal_a")
        page = self.url_open("/my/loyalty").text
        self.assertIn(f"Progress to {silver.name}", page)
        self.assertRegex(page, rf"{points_left}\s+more points")
        self.assertRegex(page, rf"{nights_left}\s+more nights")
        self.assertIn(f'aria-valuenow="{progress}"', page)
        self.assertIn(f"width: {progress}%", page)
