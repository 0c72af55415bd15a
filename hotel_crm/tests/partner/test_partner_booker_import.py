from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common import PartnerCommon


@tagged("post_install", "-at_install", "hotel_crm_partner", "hotel_crm_guest")
class TestPartnerBookerImport(PartnerCommon):
    """``import_stays`` and Odoo's import record the company that booked each stay: matched by name
    within the property's reach, or created once for the batch; a ``booker_id`` out of reach is a
    row error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Stay = cls.Stay.with_company(cls.property_a)

    def _row(self, ref, **kw):
        return {
            "external_ref": ref,
            "arrival_date": "2026-03-01",
            "departure_date": "2026-03-03",
            "name": "Booker Test Guest",
            "email": "booker.guest@example.com",
            "channel": "ota",
            "state": "booked",
            **kw,
        }

    def _stay(self, ref, company=None):
        return self.env["hotel.crm.stay"].search(
            [("external_ref", "=", ref), ("company_id", "=", (company or self.property_a).id)]
        )

    def _companies(self, name):
        return self.Partner.with_context(active_test=False).search(
            [("is_company", "=", True), ("name", "=ilike", name)]
        )

    def test_booker_created_once_per_batch_with_type_from_channel(self):
        result = self.Stay.with_user(self.user_front).import_stays(
            [
                self._row("BK-1", booker="  Lotus Journeys "),
                self._row("BK-2", booker="LOTUS JOURNEYS"),
                self._row("BK-3", booker="lotus journeys", company_id=self.property_a.id),
                self._row("BK-4", booker="Acme Industries", channel="direct"),
                self._row("BK-5", booker="Jasmine Corp", channel="corporate"),
                self._row("BK-6"),
            ]
        )
        self.assertEqual((result["created"], result["errors"]), (6, []))
        lotus = self._companies("Lotus Journeys")
        self.assertEqual(len(lotus), 1, "the three spellings are one company, created once")
        self.assertEqual(lotus.name, "Lotus Journeys", "the name is stored trimmed, as first given")
        self.assertEqual(lotus.hotel_partner_type, "ota", "an OTA booking: the company is an OTA")
        self.assertFalse(lotus.company_id, "a new booking company belongs to no property")
        self.assertFalse(lotus.hotel_guest)
        self.assertEqual((self._stay("BK-1") | self._stay("BK-2") | self._stay("BK-3")).booker_id, lotus)
        self.assertFalse(self._companies("Acme Industries").hotel_partner_type, "a direct booking says no type")
        self.assertEqual(self._companies("Jasmine Corp").hotel_partner_type, "corporate")
        self.assertFalse(self._stay("BK-6").booker_id)

    def test_booker_matched_within_the_property_reach(self):
        own = self._company("Harbour Agency", "travel_agency", company_id=self.property_a.id)
        shared = self._company("Harbour Agency", "travel_agency")
        foreign = self._company("Bund Travel", "travel_agency", company_id=self.property_b.id)
        person = self.Partner.create({"name": "River Tours"})
        result = self.Stay.import_stays(
            [
                self._row("BK-10", booker="harbour agency", channel="travel_agency"),
                self._row("BK-11", booker="Bund Travel", channel="travel_agency"),
                self._row("BK-12", booker="River Tours", channel="travel_agency"),
            ]
        )
        self.assertEqual((result["created"], result["errors"]), (3, []))
        self.assertEqual(self._stay("BK-10").booker_id, own, "the property's own company before the shared one")
        self.assertNotEqual(shared, own)
        bund = self._stay("BK-11").booker_id
        self.assertNotEqual(bund, foreign, "another property's company is out of reach: a new one is created")
        self.assertEqual((bund.name, bund.company_id.id), ("Bund Travel", False))
        river = self._stay("BK-12").booker_id
        self.assertNotEqual(river, person, "a person of that name is not a booking company")
        self.assertTrue(river.is_company)

    def test_booker_id_out_of_reach_is_a_row_error(self):
        foreign = self._company("Bund Travel", "travel_agency", company_id=self.property_b.id)
        person = self.Partner.create({"name": "Just A Person"})
        mine = self._company("Own Agency", "travel_agency", company_id=self.property_a.id)
        partners_before = self.Partner.with_context(active_test=False).search_count([])
        result = self.Stay.with_user(self.user_front).import_stays(
            [
                self._row("BK-20", booker_id=mine.id),
                self._row("BK-21", booker_id=foreign.id, name="Other Guest", email="other@example.com"),
                self._row("BK-22", booker_id=999999999),
                self._row("BK-23", booker_id=person.id),
                self._row("BK-24", booker_id="Lotus"),
            ]
        )
        self.assertEqual(result["created"], 1)
        self.assertEqual(self._stay("BK-20").booker_id, mine)
        errors = {error["row"]: error["message"] for error in result["errors"]}
        self.assertEqual(sorted(errors), [2, 3, 4, 5])
        for row in (2, 3, 4, 5):
            self.assertIn(f"Row {row}", errors[row])
            self.assertIn("booker_id", errors[row])
        self.assertNotIn("Bund Travel", errors[2], "the message names nothing of another property")
        self.assertIn(str(foreign.id), errors[2])
        self.assertFalse(self._stay("BK-21") | self._stay("BK-22") | self._stay("BK-23"), "bad rows write nothing")
        self.assertEqual(
            self.Partner.with_context(active_test=False).search_count([]),
            partners_before + 1,
            "only the good row's guest was created: no guest for the refused rows",
        )

    def test_same_batch_twice_changes_nothing(self):
        rows = [
            self._row("BK-30", booker="Lotus Journeys"),
            self._row("BK-31", booker="Lotus Journeys", state="checked_out", revenue_room=300),
        ]
        first = self.Stay.import_stays(rows)
        self.assertEqual((first["created"], first["updated"], first["errors"]), (2, 0, []))
        partners_before = self.Partner.with_context(active_test=False).search_count([])
        second = self.Stay.import_stays([dict(row) for row in rows])
        self.assertEqual((second["created"], second["updated"], second["errors"]), (0, 0, []))
        self.assertEqual(self.Partner.with_context(active_test=False).search_count([]), partners_before)
        self.assertEqual(len(self._companies("Lotus Journeys")), 1)
        # a row without a booker leaves the stay's booker as it is; another booker changes it
        third = self.Stay.import_stays([self._row("BK-30")])
        self.assertEqual((third["created"], third["updated"]), (0, 0))
        self.assertEqual(self._stay("BK-30").booker_id.name, "Lotus Journeys")
        fourth = self.Stay.import_stays([self._row("BK-30", booker_id=self.ota.id)])
        self.assertEqual(fourth["updated"], 1)
        self.assertEqual(self._stay("BK-30").booker_id, self.ota)

    def test_booker_of_a_failed_row_is_not_left_behind(self):
        result = self.Stay.import_stays(
            [self._row("BK-40", booker="Ghost Agency", name=False, email="nobody-known@example.com")]
        )
        self.assertEqual(result["created"], 0)
        self.assertIn("no guest matches", result["errors"][0]["message"])
        self.assertFalse(self._companies("Ghost Agency"), "the company created for the failed row is removed")

    def test_odoo_import_of_the_template(self):
        with open(file_path("hotel_crm/static/xls/hotel_crm_stay_import_template.csv"), "rb") as f:
            content = f.read().replace(b"YourCompany", self.property_a.name.encode())
        self.assertIn(b"booker_id", content.splitlines()[0])
        self._guest("Li Wei")
        Import = self.env["base_import.import"].with_user(self.user_front)
        Import = Import.with_context(allowed_company_ids=self.property_a.ids)
        importer = Import.create(
            {"res_model": "hotel.crm.stay", "file": content, "file_name": "stays.csv", "file_type": "text/csv"}
        )
        columns = content.decode().splitlines()[0].split(",")
        options = {"quoting": '"', "separator": ",", "has_headers": True}
        result = importer.execute_import(columns, columns, options)
        self.assertFalse(result["messages"], result["messages"])
        booker = self._stay("RES-10002").booker_id
        self.assertEqual((booker.name, booker.is_company, booker.hotel_partner_type), ("Trip.com", True, "ota"))
        self.assertFalse(self._stay("RES-10001").booker_id)
        # more stays of that company in another file: the company is matched, not doubled
        again = Import.create(
            {
                "res_model": "hotel.crm.stay",
                "file": content.replace(b"RES-1000", b"RES-2000").replace(b"Trip.com", b" TRIP.COM "),
                "file_name": "stays.csv",
                "file_type": "text/csv",
            }
        )
        result = again.execute_import(columns, columns, options)
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(self._stay("RES-20002").booker_id, booker)
        self.assertEqual(len(self._companies("Trip.com")), 1)
