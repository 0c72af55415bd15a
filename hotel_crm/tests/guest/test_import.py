from datetime import date
from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools.misc import file_path

from ..common import HotelCrmCommon


@tagged("post_install", "-at_install", "hotel_crm_guest")
class TestImportStays(HotelCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cn = cls.env.ref("base.cn")
        cls.property_a.country_id = cls.cn
        cls.known = cls._guest(
            "Known Guest", email="known@example.com", phone="+86 138 0000 1111", country_id=cls.cn.id
        )
        cls.Stay = cls.Stay.with_company(cls.property_a)

    def _row(self, ref, **kw):
        row = {
            "external_ref": ref,
            "arrival_date": "2025-03-01",
            "departure_date": "2025-03-03",
            "name": "Imported Guest",
            "email": "imported@example.com",
            "channel": "ota",
            "state": "checked_out",
            "room_type": "Deluxe King",
            "revenue_room": "800.50",
            "revenue_fnb": 100,
        }
        row.update(kw)
        return row

    def _stays(self, *refs):
        return self.Stay.search([("external_ref", "in", list(refs))])

    def test_create_update_idempotent(self):
        rows = [
            self._row("IMP-1", bed_type="King bed", room_number="1208"),
            self._row("IMP-2", arrival_date=date(2025, 4, 1), departure_date="2025-04-05"),
        ]
        result = self.Stay.import_stays(rows)
        self.assertEqual(result, {"created": 2, "updated": 0, "errors": []})
        stays = self._stays("IMP-1", "IMP-2")
        self.assertEqual(len(stays), 2)
        guest = stays.partner_id
        self.assertEqual(len(guest), 1, "rows of one new guest create one contact")
        self.assertTrue(guest.hotel_guest and guest.hotel_guest_code)
        self.assertEqual(guest.hotel_stay_count, 2)
        self.assertEqual(guest.hotel_nights_total, 6)
        self.assertAlmostEqual(guest.hotel_revenue_total, 2 * 900.5)
        self.assertEqual(stays.company_id, self.property_a)
        imp1 = stays.filtered(lambda s: s.external_ref == "IMP-1")
        self.assertEqual((imp1.bed_type, imp1.room_number, imp1.room_type), ("King bed", "1208", "Deluxe King"))

        again = self.Stay.import_stays(rows)
        self.assertEqual(again, {"created": 0, "updated": 0, "errors": []}, "the same batch twice changes nothing")
        self.assertEqual(len(self._stays("IMP-1", "IMP-2")), 2)
        self.assertEqual(self.env["res.partner"].search_count([("email", "=", "imported@example.com")]), 1)

        rows[0]["revenue_fnb"] = 150
        rows[1]["state"] = "cancelled"
        third = self.Stay.import_stays(rows)
        self.assertEqual(third, {"created": 0, "updated": 2, "errors": []})
        self.assertAlmostEqual(guest.hotel_revenue_total, 950.5)
        rows[0]["revenue_fnb"] = 0  # a correction to zero is a value, not a missing one
        self.assertEqual(self.Stay.import_stays(rows)["updated"], 1)
        self.assertAlmostEqual(guest.hotel_revenue_total, 800.5)
        self.assertEqual(guest.hotel_cancel_count, 1)

    def test_name_only_rows_idempotent(self):
        """A PMS that names its guests only (no code, e-mail or phone): the second run keeps the
        guest the first run created instead of creating another one and moving the stay to it."""
        rows = [
            self._row("NAME-1", email=False, name="Zhao Min"),
            self._row("NAME-2", email=False, name="Zhao Min", arrival_date="2025-05-01", departure_date="2025-05-02"),
        ]
        self.assertEqual(self.Stay.import_stays(rows), {"created": 2, "updated": 0, "errors": []})
        guest = self._stays("NAME-1", "NAME-2").partner_id
        self.assertEqual(len(guest), 1)
        again = self.Stay.import_stays(rows)
        self.assertEqual(again, {"created": 0, "updated": 0, "errors": []}, "the same batch twice changes nothing")
        self.assertEqual(self._stays("NAME-1", "NAME-2").partner_id, guest, "the stays keep their guest")
        Partner = self.env["res.partner"].with_context(active_test=False)
        self.assertEqual(Partner.search_count([("name", "=", "Zhao Min")]), 1, "no second guest created")
        self.assertEqual(guest.hotel_stay_count, 2)
        # a row naming another known guest by a key still moves the stay to that guest
        moved = self.Stay.import_stays([dict(rows[0], email="known@example.com")])
        self.assertEqual(moved, {"created": 0, "updated": 1, "errors": []})
        self.assertEqual(self._stays("NAME-1").partner_id, self.known)

    def test_guest_matching_order(self):
        coded = self._guest("Coded Guest", email="coded@example.com")
        rows = [
            # code wins over a different e-mail
            self._row("M-1", guest_code=coded.hotel_guest_code, email="known@example.com", name=False),
            # e-mail is normalised
            self._row("M-2", email="  KNOWN@Example.COM ", name=False),
            # phone in another notation
            self._row("M-3", email=False, phone="0086 13800001111", name=False),
            # nothing matches: created with the given code
            self._row("M-4", guest_code="PMS-77", email="newbie@example.com", name="New Bie"),
        ]
        result = self.Stay.import_stays(rows)
        self.assertEqual(result["errors"], [])
        by_ref = {s.external_ref: s.partner_id for s in self._stays("M-1", "M-2", "M-3", "M-4")}
        self.assertEqual(by_ref["M-1"], coded)
        self.assertEqual(by_ref["M-2"], self.known)
        self.assertEqual(by_ref["M-3"], self.known)
        self.assertEqual(by_ref["M-4"].hotel_guest_code, "PMS-77")
        self.assertEqual(by_ref["M-4"].email, "newbie@example.com")

    def test_every_error_class(self):
        rows = [
            self._row("E-OK"),
            self._row("E-1", arrival_date=False),
            self._row("E-2", departure_date="2025-13-45"),
            self._row("E-3", arrival_date="2025-03-05", departure_date="2025-03-01"),
            self._row("E-4", channel="carrier_pigeon"),
            self._row("E-5", state="teleported"),
            self._row("E-6", revenue_room=-10),
            self._row("E-7", company="No Such Hotel"),
            self._row("E-OK"),
            self._row("E-8", revenue_fnb="a lot"),
            self._row("", name="No Ref"),
            self._row("E-9", name=False, email=False, phone=False, guest_code=False),
            self._row("E-10", name=False, email="nobody@example.com"),
            "not a dict",
            self._row("E-11", email="not an email"),
            self._row("E-12", company_id=999999),
        ]
        result = self.Stay.import_stays(rows)
        self.assertEqual(result["created"], 1)
        errors = {e["row"]: e["message"] for e in result["errors"]}
        expected = {
            2: "arrival_date",
            3: "departure_date",
            4: "not after arrival",
            5: "carrier_pigeon",
            6: "teleported",
            7: "revenue_room",
            8: "No Such Hotel",
            9: "twice in this batch",
            10: "revenue_fnb",
            11: "external_ref",
            12: "guest is missing",
            13: "nobody@example.com",
            14: "not a dictionary",
            15: "not a valid e-mail",
            16: "unknown property",
        }
        self.assertEqual(sorted(errors), sorted(expected), errors)
        for row, text in expected.items():
            self.assertIn(text, errors[row], f"row {row}")
            self.assertTrue(errors[row].startswith(f"Row {row}:"), errors[row])
        self.assertEqual(len(self._stays(*[f"E-{i}" for i in range(1, 13)])), 0, "no bad row half-written")
        self.assertFalse(self.env["res.partner"].search([("email", "=", "nobody@example.com")]))

    def test_row_failing_on_save_leaves_no_guest(self):
        """A row valid on parsing but refused when saved (an override's rule, a constraint) leaves
        neither a new guest nor a contact turned guest behind; the other rows are saved."""
        contact = self.env["res.partner"].create({"name": "Plain Contact", "email": "plain@example.com"})
        Stay = type(self.env["hotel.crm.stay"])
        original = Stay._hotel_check_values

        def check(stay_self, stay, vals):
            if str(vals.get("external_ref", "")).startswith("REJECT"):
                raise ValidationError("refused by the property's own rule")  # pylint: disable=translation-required
            return original(stay_self, stay, vals)

        rows = [
            self._row("SAVE-OK", name="Saved Guest", email="saved@example.com"),
            self._row("REJECT-NEW", name="Rejected Guest", email="rejected@example.com"),
            self._row("REJECT-CONTACT", name="Plain Contact", email="plain@example.com"),
        ]
        with patch.object(Stay, "_hotel_check_values", check):
            result = self.Stay.import_stays(rows)
        self.assertEqual(result["created"], 1)
        self.assertEqual([e["row"] for e in result["errors"]], [2, 3])
        self.assertIn("refused by the property's own rule", result["errors"][0]["message"])
        Partner = self.env["res.partner"].with_context(active_test=False)
        self.assertTrue(Partner.search([("email", "=", "saved@example.com")]).hotel_guest)
        self.assertFalse(Partner.search([("email", "=", "rejected@example.com")]), "no guest left by a failed row")
        self.assertFalse(contact.hotel_guest, "a contact of a failed row is not turned into a guest")
        self.assertFalse(contact.hotel_guest_code)
        self.assertFalse(self._stays("REJECT-NEW", "REJECT-CONTACT"))

    def test_errors_are_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        result = self.Stay.with_context(lang="zh_CN").import_stays([self._row("T-1", channel="nope")])
        self.assertEqual(result["created"], 0)
        self.assertIn("nope", result["errors"][0]["message"])
        self.assertIn("行", result["errors"][0]["message"], "the message comes from the zh_CN catalogue")

    def test_company_by_name_and_id(self):
        result = self.Stay.with_context(allowed_company_ids=self.properties.ids).import_stays(
            [
                self._row("C-1", company="test harbour hotel"),
                self._row("C-2", company_id=self.property_b.id),
                self._row("C-3"),
            ]
        )
        self.assertEqual(result["errors"], [])
        stays = self.Stay.with_context(allowed_company_ids=self.properties.ids).search(
            [("external_ref", "in", ["C-1", "C-2", "C-3"])]
        )
        self.assertEqual(
            {s.external_ref: s.company_id for s in stays},
            {"C-1": self.property_b, "C-2": self.property_b, "C-3": self.property_a},
        )

    def test_property_not_allowed(self):
        result = (
            self.env["hotel.crm.stay"]
            .with_user(self.user_front)
            .import_stays([self._row("P-1", company_id=self.property_b.id)])
        )
        self.assertEqual(result["created"], 0)
        self.assertIn("unknown property", result["errors"][0]["message"])

    def test_odoo_csv_import_of_sample_file(self):
        with open(file_path("hotel_crm/static/xls/hotel_crm_stay_import_template.csv"), "rb") as f:
            content = f.read().replace(b"YourCompany", self.property_a.name.encode())
        self._guest("Li Wei")
        importer = self.env["base_import.import"].create(
            {"res_model": "hotel.crm.stay", "file": content, "file_name": "stays.csv", "file_type": "text/csv"}
        )
        columns = content.decode().splitlines()[0].split(",")
        result = importer.with_context(allowed_company_ids=self.properties.ids).execute_import(
            columns, columns, {"quoting": '"', "separator": ",", "has_headers": True}
        )
        self.assertFalse(result["messages"], result["messages"])
        stays = self.Stay.search([("external_ref", "in", ["RES-10001", "RES-10002"])])
        self.assertEqual(len(stays), 2)
        self.assertEqual(stays.mapped("partner_id.name"), ["Li Wei"])
        self.assertEqual(sum(stays.mapped("nights")), 5)
