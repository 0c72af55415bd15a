from markupsafe import Markup

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..common import HotelCrmCommon


@tagged("post_install", "-at_install", "hotel_crm_identity")
class TestIdentityMerge(HotelCrmCommon):
    """Merging two guests who each have rows in every hotel_crm table that references guests."""

    def _merge_as_manager(self, survivor, other):
        action = survivor.with_user(self.user_manager).action_hotel_merge_duplicates()
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.user_manager)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.partner_ids, survivor | other)
        wizard.dst_partner_id = survivor
        wizard.action_merge()

    def _rows(self, partner):
        """Per model, the rows pointing to ``partner`` by any of its contact fields (a stay points
        to its guest and to its booking company)."""
        rows = {}
        for model, fname in self.env["base.partner.merge.automatic.wizard"]._hotel_partner_references():
            found = self.env[model].sudo().with_context(active_test=False).search([(fname, "=", partner.id)])
            rows[model] = rows.get(model, found.browse()) | found
        return rows

    def test_every_guest_table_is_walked(self):
        refs = self.env["base.partner.merge.automatic.wizard"]._hotel_partner_references()
        for ref in [
            ("hotel.crm.stay", "partner_id"),
            ("hotel.crm.preference", "partner_id"),
            ("hotel.crm.points.move", "partner_id"),
            ("hotel.crm.greeting", "partner_id"),
            ("hotel.crm.guest.loss", "partner_id"),
            ("hotel.crm.complaint", "partner_id"),
        ]:
            self.assertIn(ref, refs)

    def test_merge_loses_nothing(self):
        # both gave the sensitive-data consent (B has an allergy): the merge adds no consent row
        a = self._guest("Wu Qing", email="wu.qing@example.com", hotel_consent_sensitive=True)
        b = self._guest("Wu Qing (PMS)", email="WU.QING@example.com", hotel_consent_sensitive=True)
        Pref, Greeting = self.env["hotel.crm.preference"], self.env["hotel.crm.greeting"].sudo()
        Move, Loss = self.env["hotel.crm.points.move"].sudo(), self.env["hotel.crm.guest.loss"].sudo()
        Complaint = self.env["hotel.crm.complaint"]
        stays = self._stay(a, "2024-03-01", "2024-03-04", state="checked_out", revenue_room=900) | self._stay(
            b, "2024-06-10", "2024-06-12", state="checked_out", revenue_room=600
        )
        # the same pillow on both (kept once), and B's allergy
        Pref.create({"partner_id": a.id, "category_id": self.category["pillow"].id, "value": "Buckwheat"})
        Pref.create({"partner_id": b.id, "category_id": self.category["pillow"].id, "value": "Buckwheat"})
        allergy = Pref.create({"partner_id": b.id, "category_id": self.category["allergy"].id, "value": "Peanuts"})

        def greeting(partner, year, bonus):
            row = Greeting.create(
                {
                    "partner_id": partner.id,
                    "company_id": self.property_a.id,
                    "occasion": "birthday",
                    "year": year,
                    "date": f"{year}-05-01",
                }
            )
            if bonus:
                move = Move.create(
                    {
                        "partner_id": partner.id,
                        "company_id": self.property_a.id,
                        "move_type": "bonus",
                        "points": bonus,
                        "name": f"Birthday bonus {year}",
                        "origin_model": "hotel.crm.greeting",
                        "origin_id": row.id,
                    }
                )
                row.points_move_id = move
            return row

        a_2025 = greeting(a, 2025, 0)
        b_2025 = greeting(b, 2025, 100)  # both greeted in 2025: one greeting for the merged guest
        b_2024 = greeting(b, 2024, 80)  # a past year only B had
        b_bonus_2025 = b_2025.points_move_id
        Move.create(
            {
                "partner_id": a.id,
                "company_id": self.property_a.id,
                "move_type": "bonus",
                "points": 30,
                "name": "Welcome",
            }
        )
        a_loss = Loss.create({"partner_id": a.id, "company_id": self.property_a.id})
        b_loss = Loss.create(
            {
                "partner_id": b.id,
                "company_id": self.property_a.id,
                "reason": "competitor_offer",
                "competitor": "Lakeside Marriott",
                "notes": "<p>Corporate rate 15 % lower.</p>",
            }
        )
        b_loss.message_post(body=Markup("<p>Called the guest, no answer.</p>"))
        b_other_loss = Loss.create({"partner_id": b.id, "company_id": self.property_b.id})
        complaints = Complaint.create(
            [
                {"name": "Cold shower", "partner_id": a.id, "company_id": self.property_a.id},
                {"name": "Noisy room", "partner_id": b.id, "company_id": self.property_a.id},
            ]
        )
        before_a, before_b = self._rows(a), self._rows(b)

        self._merge_as_manager(a, b)

        self.assertFalse(b.exists())
        after = self._rows(a)
        folded = {"hotel.crm.preference": 1, "hotel.crm.greeting": 1, "hotel.crm.guest.loss": 1}
        for model, rows in after.items():
            expected = before_a[model] | before_b[model]
            self.assertEqual(
                len(rows), len(expected) - folded.get(model, 0), f"{model}: every row of both guests is the survivor's"
            )
        self.assertEqual(after["hotel.crm.stay"], stays)
        self.assertEqual(after["hotel.crm.complaint"], complaints)
        self.assertIn(allergy, after["hotel.crm.preference"], "B's allergy is not lost")
        self.assertEqual(sorted(after["hotel.crm.preference"].mapped("value")), ["Buckwheat", "Peanuts"])
        # greetings: B's past year moved; 2025 kept once, with B's bonus attached to it
        self.assertEqual(after["hotel.crm.greeting"], a_2025 | b_2024)
        self.assertEqual(a_2025.points_move_id, b_bonus_2025)
        self.assertEqual((b_bonus_2025.partner_id, b_bonus_2025.origin_id), (a, a_2025.id))
        self.assertEqual(b_2024.partner_id, a)
        # points: the whole ledger of both guests (bonuses and the points the stays earned), balance included
        ledger = before_a["hotel.crm.points.move"] | before_b["hotel.crm.points.move"]
        self.assertEqual(after["hotel.crm.points.move"], ledger)
        a.invalidate_recordset()
        self.assertEqual(a.hotel_points_balance, sum(ledger.mapped("points")))
        self.assertGreater(a.hotel_points_balance, 210, "the bonuses and the points of both stays")
        self.assertEqual(a.hotel_stay_count, 2)
        # loss records: one open record per property, B's analysis and chatter kept on it
        self.assertEqual(after["hotel.crm.guest.loss"], a_loss | b_other_loss)
        self.assertEqual((a_loss.reason, a_loss.competitor), ("competitor_offer", "Lakeside Marriott"))
        self.assertIn("Corporate rate", str(a_loss.notes))
        self.assertIn("Called the guest", " ".join(a_loss.message_ids.mapped("body")))

    def test_merge_refused_rather_than_rows_deleted(self):
        """A table whose unique key no rule knows (a future table, say) refuses the merge instead
        of letting Odoo delete the other guest's rows."""
        a = self._guest("Sun Li", email="sun.li@example.com")
        b = self._guest("Sun Li (PMS)", email="sun.li@example.com")
        self._stay(a, "2024-03-01", "2024-03-04", room_type="Deluxe")
        self._stay(b, "2024-06-10", "2024-06-12", room_type="Deluxe")
        self.env.flush_all()
        self.env.cr.execute(
            f"CREATE UNIQUE INDEX hotel_crm_stay_test_merge_uniq ON hotel_crm_stay (partner_id, room_type) "
            f"WHERE partner_id IN ({a.id}, {b.id})"
        )
        with self.assertRaises(UserError) as caught:  # rolled back to before the merge, as a request would be
            self._merge_as_manager(a, b)
        self.assertIn("cannot be merged: 1 Hotel Stay", str(caught.exception))
        self.env.invalidate_all()
        self.assertTrue(b.exists(), "refused: nothing merged")
        self.assertEqual(self.Stay.search_count([("partner_id", "=", b.id)]), 1)
