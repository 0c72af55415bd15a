from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "hotel_crm_partner")
class TestPartnerDemo(TransactionCase):
    """The demo partner story at West Lake (runs on the demo database, as tools/run-tests does):
    the OTA, agency and corporate stays carry their booker, and two quarters of scorecards show
    Cloud Journeys overtaking Panda Holidays and the laundry slipping."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.west_lake = ref("hotel_crm.demo_company_west_lake")
        cls.cloud = ref("hotel_crm.demo_partner_cloud_journeys")
        cls.panda = ref("hotel_crm.demo_partner_panda_holidays")
        cls.laundry = ref("hotel_crm.demo_partner_fresh_linen")
        cls.evaluations = cls.env["hotel.crm.partner.evaluation"].search([("company_id", "=", cls.west_lake.id)])

    def _latest(self, partner):
        return self.evaluations.filtered(lambda e: e.partner_id == partner).sorted("date_from")[-1]

    def test_stays_carry_their_booker(self):
        Stay = self.env["hotel.crm.stay"]
        channel_stays = Stay.search([("channel", "in", ("ota", "travel_agency", "corporate"))])
        self.assertTrue(channel_stays, "the demo has OTA, agency and corporate stays")
        self.assertFalse(channel_stays.filtered(lambda s: not s.booker_id), "each of them has its booker")
        self.assertEqual(set(Stay.search([("channel", "=", "ota")]).booker_id.ids), {self.cloud.id, self.panda.id})
        self.assertFalse(Stay.search([("channel", "=", "direct"), ("booker_id", "!=", False)]))

    def test_two_quarters_of_scorecards(self):
        self.assertEqual(len(self.evaluations), 10, "five partners, two quarters")
        self.assertEqual(set(self.evaluations.mapped("state")), {"done"})
        cloud, panda = self._latest(self.cloud), self._latest(self.panda)
        self.assertGreater(cloud.score_trend, 0)
        self.assertLess(panda.score_trend, 0)
        self.assertEqual((cloud.rank, panda.rank, cloud.rank_count), (1, 2, 2), "Cloud Journeys overtook Panda")
        self.assertLess(self._latest(self.laundry).score_trend, 0)
        self.assertEqual(self._latest(self.laundry).stay_count, 0, "a supplier books no stays")
