from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .common import TrustCommon


@tagged("post_install", "-at_install", "hotel_crm_trust")
class TestTrustArchived(TrustCommon, TransactionCase):
    """Archived guests leave the rankings and the customer pyramid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._trust_setup()

    def _pyramid_vips(self):
        self.env.flush_all()
        self.env.invalidate_all()
        return self.env["hotel.crm.value.pyramid.report"].search([("segment", "=", "vip")]).guest_count

    def test_archived_vip_leaves_ranking_and_pyramid(self):
        Partner = self.env["res.partner"]
        today = fields.Date.context_today(Partner)
        guests = Partner.browse()
        for rank, revenue in enumerate((9000, 5000, 3000, 1000), start=1):
            guest = Partner.create({"name": f"Trust Ranked {rank}", "hotel_guest": True})
            self.env["hotel.crm.stay"].create(
                {
                    "partner_id": guest.id,
                    "company_id": self.west.id,
                    "arrival_date": today - timedelta(days=10),
                    "departure_date": today - timedelta(days=8),
                    "state": "checked_out",
                    "revenue_room": revenue,
                }
            )
            guests |= guest
        Partner.hotel_recompute_value(partner_ids=guests.ids)
        guests.invalidate_recordset()
        self.assertEqual(guests.mapped("hotel_value_rank"), [1, 2, 3, 4])
        vip = guests[0]
        self.assertEqual(vip.hotel_value_segment, "vip")
        vips_before = self._pyramid_vips()

        vip.action_archive()
        self.assertEqual(self._pyramid_vips(), vips_before - 1, "the pyramid stops counting the archived VIP")
        Partner.hotel_recompute_value(partner_ids=guests.ids)
        guests.invalidate_recordset()
        self.assertFalse(vip.hotel_value_rank, "an archived guest has no rank")
        self.assertEqual(vip.hotel_value_segment, "none")
        self.assertFalse(vip.hotel_rfm_score)
        self.assertEqual((guests - vip).mapped("hotel_value_rank"), [1, 2, 3], "the others move up")
        self.assertEqual(guests[1].hotel_value_segment, "vip")
        self.assertEqual(
            Partner.search([("id", "in", guests.ids), ("hotel_value_segment", "=", "vip")]),
            guests[1],
            "the VIP filter of the guest list shows the new rank 1",
        )
        vip.action_unarchive()
        Partner.hotel_recompute_value(partner_ids=guests.ids)
        guests.invalidate_recordset()
        self.assertEqual(guests.mapped("hotel_value_rank"), [1, 2, 3, 4], "back from the archive, back in the ranking")
