import csv
import io
import math
import os
import tempfile
from datetime import date, timedelta
from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import email_normalize
from odoo.tools.misc import file_path

from ...models.guest.hotel_crm_stay_import import email_key
from ...tools.stay_loader import load_file
from ..common import HotelCrmCommon, LoyaltyCase


class StayImportCase(HotelCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.property_a.partner_id.tz = "Asia/Shanghai"
        cls.Stay = cls.Stay.with_company(cls.property_a)

    def _row(self, ref, **kw):
        row = {
            "external_ref": ref,
            "arrival_date": "2025-03-01",
            "departure_date": "2025-03-03",
            "name": "Batch Guest",
            "email": "batch.guest@example.com",
            "channel": "ota",
            "state": "checked_out",
            "room_type": "Deluxe King",
            "revenue_room": "800.50",
            "revenue_fnb": 100,
        }
        row.update(kw)
        return row

    def _stays(self, *refs):
        return self.Stay.with_context(active_test=False).search([("external_ref", "in", list(refs))])


@tagged("post_install", "-at_install", "hotel_crm_guest")
class TestStayImportValidation(StayImportCase):
    """Bad values are refused with a reason naming row and field; the good rows are saved."""

    good = 0

    def _assert_refused(self, bad_rows, field, text=None):
        """Import a good row, then ``bad_rows``: each bad row is reported on its own and names
        ``field``; the good row is saved; nothing of the bad rows is written."""
        self.good += 1
        good = f"GOOD-{self.good}"
        rows = [self._row(good, email=f"good.{self.good}@example.com", name="Good One"), *bad_rows]
        guests_before = self.env["res.partner"].with_context(active_test=False).search_count([])
        result = self.Stay.import_stays(rows)
        self.assertEqual(result["created"], 1, result)
        self.assertEqual([e["row"] for e in result["errors"]], list(range(2, len(rows) + 1)), result["errors"])
        for error in result["errors"]:
            self.assertTrue(error["message"].startswith(f"Row {error['row']}: Field {field}:"), error["message"])
            self.assertLess(len(error["message"]), 400, "a refused value is quoted, not copied whole")
            if text:
                self.assertIn(text, error["message"])
        self.assertTrue(self._stays(good))
        refs = [row["external_ref"] for row in bad_rows]
        self.assertFalse(self._stays(*refs), "no bad row half-written")
        guests_after = self.env["res.partner"].with_context(active_test=False).search_count([])
        self.assertEqual(guests_after, guests_before + 1, "only the good row's guest was created")
        return result

    def test_selection_as_list_or_dict(self):
        self._assert_refused(
            [self._row("CH-1", channel=["ota"]), self._row("CH-2", channel={"value": "ota"})], "channel", "unknown"
        )
        self._assert_refused([self._row("ST-1", state=["booked"]), self._row("ST-2", state={"a": 1})], "state")

    def test_email_key_as_email_normalize(self):
        """The import's e-mail key is ``email_normalized``'s, plain addresses without the parse."""
        addresses = [
            "Bench.Guest.1@Example.COM",
            "a+b_c%d-e@sub.dom-ain.cn",
            "x@localhost",
            '"Li, Wei" <Li.Wei@Example.com>',
            "Li Wei <LI@example.com>",
            "a@b.com, c@d.com",
            "ÜMLAUT@Exämple.de",
            "a..b@c.com",
            "no address",
            "@example.com",
        ]
        for address in addresses:
            self.assertEqual(email_key(address), email_normalize(address, strict=False) or False, address)

    def test_integer_not_finite(self):
        rows = [
            self._row("AD-1", adults=float("nan")),
            self._row("AD-2", adults="NaN"),
            self._row("AD-3", adults=float("inf")),
            self._row("AD-4", adults="Infinity"),
            self._row("AD-5", adults=2.5),
            self._row("AD-6", adults=10**12),
            self._row("AD-7", adults=True),
        ]
        self._assert_refused(rows, "adults")

    def test_company_id_not_an_integer(self):
        rows = [
            self._row("CO-1", company_id=float("inf")),
            self._row("CO-2", company_id="Infinity"),
            self._row("CO-3", company_id=self.property_a.id + 0.5),
            self._row("CO-4", company_id=[self.property_a.id]),
            self._row("CO-5", company_id=True),
            self._row("CO-6", company_id=f"{self.property_a.id}abc"),
            self._row("CO-7", company_id=10**30),
        ]
        self._assert_refused(rows, "company_id", "unknown property")
        # a whole number given as float or text is the id it says
        result = self.Stay.import_stays(
            [
                self._row("CO-OK1", company_id=float(self.property_a.id)),
                self._row("CO-OK2", company_id=f" {self.property_a.id} "),
            ]
        )
        self.assertEqual(result, {"created": 2, "updated": 0, "errors": []})

    def test_megabyte_strings(self):
        huge = "x" * (1 << 20)
        rows = [
            self._row("MB-1", name=huge, email="mb1@example.com"),
            self._row("MB-2", phone="1" * (1 << 20), email="mb2@example.com"),
            self._row("MB-3", guest_code=huge, email="mb3@example.com"),
        ]
        result = self.Stay.import_stays([self._row("MB-OK", email="mb.ok@example.com"), *rows])
        self.assertEqual(result["created"], 1)
        fields = {e["row"]: e["message"] for e in result["errors"]}
        self.assertEqual(sorted(fields), [2, 3, 4])
        for row, field in ((2, "name"), (3, "phone"), (4, "guest_code")):
            self.assertIn(f"Field {field}:", fields[row])
            self.assertIn("1048576 characters", fields[row])
        self.assertFalse(self.env["res.partner"].search([("email", "in", ["mb1@example.com", "mb2@example.com"])]))

    def test_amounts_not_finite(self):
        rows = [
            self._row("AM-1", revenue_room="NaN"),
            self._row("AM-2", revenue_fnb="inf"),
            self._row("AM-3", revenue_other=float("nan")),
            self._row("AM-4", revenue_room=float("-inf")),
            self._row("AM-5", revenue_room=1e300),
        ]
        result = self.Stay.import_stays([self._row("AM-OK", email="am.ok@example.com"), *rows])
        self.assertEqual(result["created"], 1)
        fields = {e["row"]: e["message"] for e in result["errors"]}
        expected = {2: "revenue_room", 3: "revenue_fnb", 4: "revenue_other", 5: "revenue_room", 6: "revenue_room"}
        self.assertEqual(sorted(fields), sorted(expected))
        for row, field in expected.items():
            self.assertTrue(fields[row].startswith(f"Row {row}: Field {field}:"), fields[row])
        self.assertNotIn("cannot convert", " ".join(fields.values()))
        self.assertTrue(self._stays("AM-OK"))

    def test_dates_with_junk_refused(self):
        rows = [
            self._row("DJ-1", arrival_date="2025-03-01 and then some"),
            self._row("DJ-2", arrival_date="2025-03-01xyz"),
            self._row("DJ-3", departure_date="2025-03-03T25:00:00"),
            self._row("DJ-4", departure_date=["2025-03-03"]),
            self._row("DJ-5", arrival_date=20250301.5),
        ]
        self._assert_refused(rows[:2], "arrival_date", "not a date")
        self._assert_refused(rows[2:4], "departure_date", "not a date")
        self._assert_refused(rows[4:], "arrival_date", "not a date")

    def test_dates_with_offset_in_property_time_zone(self):
        """A date-time with an offset is the day it is at the property (Asia/Shanghai), never
        its first ten characters."""
        result = self.Stay.import_stays(
            [
                # 23:30 UTC on 1 March is 07:30 on 2 March in Shanghai
                self._row("TZ-1", arrival_date="2025-03-01T23:30:00+00:00", departure_date="2025-03-04"),
                # 10:00 in Los Angeles on 3 March is 02:00 on 4 March in Shanghai
                self._row("TZ-2", arrival_date="2025-03-01", departure_date="2025-03-03T10:00:00-08:00"),
                self._row("TZ-3", arrival_date="2025-03-01T12:00:00Z", departure_date="2025-03-02 09:00:00"),
            ]
        )
        self.assertEqual(result["errors"], [])
        stays = {s.external_ref: (s.arrival_date, s.departure_date) for s in self._stays("TZ-1", "TZ-2", "TZ-3")}
        self.assertEqual(stays["TZ-1"], (date(2025, 3, 2), date(2025, 3, 4)))
        self.assertEqual(stays["TZ-2"], (date(2025, 3, 1), date(2025, 3, 4)))
        self.assertEqual(stays["TZ-3"], (date(2025, 3, 1), date(2025, 3, 2)))

    def test_reasons_in_callers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        result = self.Stay.with_context(lang="zh_CN").import_stays(
            [
                self._row("ZH-1", adults=float("nan")),
                self._row("ZH-2", channel=["ota"]),
                self._row("ZH-3", name="x" * 5000, email="zh3@example.com"),
            ]
        )
        self.assertEqual(len(result["errors"]), 3)
        for error in result["errors"]:
            self.assertTrue(error["message"].startswith(f"第 {error['row']} 行：字段 "), error["message"])
        self.assertIn("不是有限数", result["errors"][0]["message"])
        self.assertIn("5000", result["errors"][2]["message"])

    def test_back_to_booked_is_a_manager_action(self):
        """``state: booked`` for a no-show or cancelled stay is what *Back to Booked* does: refused
        to front desk, allowed to a manager."""
        self.Stay.import_stays([self._row("RB-1", state="no_show"), self._row("RB-2", state="cancelled")])
        front = self.Stay.with_user(self.user_front)
        result = front.import_stays(
            [self._row("RB-1", state="booked"), self._row("RB-2", state="booked"), self._row("RB-3", state="booked")]
        )
        self.assertEqual((result["created"], result["updated"]), (1, 0))
        self.assertEqual([e["row"] for e in result["errors"]], [1, 2])
        for error in result["errors"]:
            self.assertIn("Field state:", error["message"])
            self.assertIn("manager", error["message"])
        self.assertEqual(self._stays("RB-1").state, "no_show")
        self.assertEqual(self._stays("RB-2").state, "cancelled")
        manager = self.Stay.with_user(self.user_manager).with_company(self.property_a)
        result = manager.import_stays([self._row("RB-1", state="booked")])
        self.assertEqual(result, {"created": 0, "updated": 1, "errors": []})
        self.assertEqual(self._stays("RB-1").state, "booked")


@tagged("post_install", "-at_install", "hotel_crm_guest")
class TestStayImportSetBased(LoyaltyCase):
    """The batch gives the same points, tiers and aggregates as creating the stays one by one."""

    def _scenario(self, tag):
        """Rows for three guests: one crossing two tiers in the batch (points), one crossing a
        tier by nights, one silver guest with history; stays of every state."""
        today = date.today()

        def row(n, guest, arrival, nights, room, state="checked_out", fnb=0.0):
            return {
                "external_ref": f"{tag}-{n:02d}",
                "name": f"{tag} {guest}",
                "email": f"{tag.lower()}.{guest.lower()}@example.com",
                "arrival_date": arrival,
                "departure_date": arrival + timedelta(days=nights),
                "state": state,
                "revenue_room": room,
                "revenue_fnb": fnb,
            }

        recent = today - timedelta(days=60)
        return [
            # points: 600 at member, 600 at member (1,200: silver), 1,250 at silver (1.25)
            row(1, "Ann", recent, 2, 600.0),
            row(2, "Ann", recent + timedelta(days=5), 2, 550.0, fnb=50.0),
            row(3, "Ann", recent + timedelta(days=10), 2, 1000.0),
            row(4, "Ann", recent + timedelta(days=20), 3, 900.0, state="cancelled"),
            row(5, "Ann", today + timedelta(days=10), 2, 0.0, state="booked"),
            # nights: 6 + 5 nights in the window (silver at 10), cheap rooms
            row(6, "Ben", recent, 6, 60.0),
            row(7, "Ben", recent + timedelta(days=10), 5, 50.0),
            row(8, "Ben", recent + timedelta(days=20), 1, 40.0),
            row(9, "Ben", today - timedelta(days=900), 4, 400.0),  # out of the window: points, no tier
            row(10, "Ben", recent + timedelta(days=30), 2, 0.0, state="no_show"),
            # a silver guest (history given below): earns at silver, stays silver
            row(11, "Cai", today - timedelta(days=3), 1, 2000.0, state="in_house"),
            row(12, "Cai", recent, 2, 800.0, fnb=80.0),
        ]

    def _history(self, tag):
        """Cai's earlier stays, created one by one: silver before the batch."""
        cai = self._guest(f"{tag} Cai", email=f"{tag.lower()}.cai@example.com")
        self._stay(cai, room=1500.0, arrival=date.today() - timedelta(days=200), nights=3, external_ref=f"{tag}-H1")
        self.assertEqual(cai.hotel_tier_id, self.silver)
        return cai

    def _results(self, tag):
        Partner = self.env["res.partner"].with_context(active_test=False)
        outcome = {}
        for guest in Partner.search([("name", "=like", f"{tag} %")], order="name"):
            moves = self._moves(guest)
            outcome[guest.name.split(" ", 1)[1]] = {
                "tier": guest.hotel_tier_id.name,
                "balance": guest.hotel_points_balance,
                "moves": sorted(
                    (m.stay_id.external_ref.split("-", 1)[1], m.move_type, m.points, m.tier_id.name, m.date)
                    for m in moves
                ),
                "aggregates": (
                    guest.hotel_stay_count,
                    guest.hotel_nights_total,
                    guest.hotel_revenue_total,
                    guest.hotel_first_stay_date,
                    guest.hotel_last_stay_date,
                    guest.hotel_cancel_count,
                    guest.hotel_no_show_count,
                ),
                "qualification": guest._hotel_tier_qualification()[guest.id],
                "stays": sorted(
                    (
                        s.external_ref.split("-", 1)[1],
                        s.state,
                        s.nights,
                        s.nights_realised,
                        s.revenue_total,
                        s.currency_id.name,
                    )
                    for s in guest.hotel_stay_ids
                ),
            }
        return outcome

    def test_same_as_row_by_row(self):
        # one by one, through the ORM, as the form or the API creates stays
        self._history("ROW")
        Partner = self.env["res.partner"]
        for row in self._scenario("ROW"):
            guest = Partner.search([("email", "=", row["email"])]) or self._guest(row["name"], email=row["email"])
            vals = {k: v for k, v in row.items() if k not in ("name", "email")}
            self.env["hotel.crm.stay"].create({**vals, "partner_id": guest.id})
        # the same rows in one batch
        self._history("SET")
        Stay = type(self.env["hotel.crm.stay"])
        row_by_row = AssertionError("the batch was saved row by row, not set-based")
        with patch.object(Stay, "_import_save", side_effect=row_by_row):
            result = (
                self.env["hotel.crm.stay"].with_context(hotel_import_history=True).import_stays(self._scenario("SET"))
            )
        self.assertEqual(result, {"created": 12, "updated": 0, "errors": []})
        by_row, by_set = self._results("ROW"), self._results("SET")
        self.maxDiff = None
        self.assertEqual(sorted(by_set), ["Ann", "Ben", "Cai"])
        self.assertEqual(by_set, by_row)
        # the figures themselves: Ann crossed silver on her second stay and earned her third at silver
        self.assertEqual(by_set["Ann"]["tier"], self.silver.name)
        self.assertEqual([m[2] for m in by_set["Ann"]["moves"]], [600, 600, 1250])
        self.assertEqual(by_set["Ben"]["tier"], self.silver.name, "11 nights in the window")
        # 60 and 50 at member; 40 and the old stay's 400 at silver (1.25), the old one not qualifying
        self.assertEqual([m[2] for m in by_set["Ben"]["moves"]], [60, 50, 50, 500])
        self.assertEqual(by_set["Ben"]["qualification"], (160, 12))

    def _stored_computes(self, records):
        """The stored computed fields of ``records`` as stored, and as the ORM recomputes them."""
        records = records.sudo()
        fnames = sorted(name for name, field in records._fields.items() if field.store and field.compute)
        records.env.invalidate_all()
        stored = records.read(fnames)
        for fname in fnames:
            records.env.add_to_compute(records._fields[fname], records)
        records.env.flush_all()
        records.env.invalidate_all()
        return stored, records.read(fnames)

    def test_stored_computes_as_orm(self):
        """What the batch writes without the ORM (the new guests' and stays' stored computes, the
        guests' aggregates, balances and tiers) is what the ORM computes on the same records."""
        self._history("CMP")
        rows = self._scenario("CMP")
        rows[0].update(phone="+86 138 0013 8000", email=False)
        result = self.env["hotel.crm.stay"].with_context(hotel_import_history=True).import_stays(rows)
        self.assertEqual(result, {"created": 12, "updated": 0, "errors": []})
        stays = self.env["hotel.crm.stay"].search([("external_ref", "=like", "CMP-%")])
        guests = stays.partner_id
        self.assertEqual(len(guests), 4, "Ann (by phone), Ann (by e-mail), Ben and Cai")
        for records in (guests, stays):
            stored, computed = self._stored_computes(records)
            self.maxDiff = None
            self.assertEqual(stored, computed)
        self.assertTrue(all(guests.mapped("hotel_stay_count")))
        self.assertEqual(stays.filtered(lambda s: s.state == "cancelled").nights_realised, 0)

    def test_rerun_changes_nothing(self):
        rows = self._scenario("RUN")
        Stay = self.env["hotel.crm.stay"]
        self.assertEqual(Stay.import_stays(rows)["created"], 12)
        before = self._results("RUN")
        moves = self.env["hotel.crm.points.move"].sudo().search_count([])
        self.assertEqual(Stay.import_stays(rows), {"created": 0, "updated": 0, "errors": []})
        self.assertEqual(self._results("RUN"), before)
        self.assertEqual(self.env["hotel.crm.points.move"].sudo().search_count([]), moves)

    def test_updates_together_culprit_alone(self):
        """Re-sent rows with changed values are written together; when one of them is refused on
        save, the others are still written (with their points) and only that row is reported."""
        rows = self._scenario("UPD")
        Stay = self.env["hotel.crm.stay"]
        self.assertEqual(Stay.import_stays(rows)["created"], 12)
        ann = self.env["res.partner"].search([("email", "=", "upd.ann@example.com")])
        self.assertEqual(ann.hotel_points_balance, 2450)
        rows[0]["revenue_fnb"] = 40.0  # the stay's revenue changes: its earn move is priced again
        rows[3]["state"] = "checked_out"  # the cancelled stay did happen: it earns
        rows[6]["room_type"] = "Suite"
        write = type(Stay).write

        def refuse_one(stays, vals):
            if "room_type" in vals and any(s.external_ref == "UPD-07" for s in stays):
                raise ValidationError("UPD-07 is refused by the property's own rule")  # pylint: disable=translation-required
            return write(stays, vals)

        with patch.object(type(Stay), "write", refuse_one):
            result = Stay.import_stays(rows)
        self.assertEqual(result["updated"], 2)
        self.assertEqual([e["row"] for e in result["errors"]], [7])
        self.assertFalse(self._stays_by_ref("UPD-07").room_type == "Suite", "the refused row is not written")
        self.assertEqual(self._stays_by_ref("UPD-04").state, "checked_out")
        self.assertEqual(ann.hotel_stay_count, 4)
        self.assertGreater(ann.hotel_points_balance, 2450, "the stay checked out now earned its points")
        # without the culprit, all three updates go through in one savepoint
        self.assertEqual(Stay.import_stays(rows), {"created": 0, "updated": 1, "errors": []})
        self.assertEqual(self._stays_by_ref("UPD-07").room_type, "Suite")

    def _stays_by_ref(self, ref):
        return self.env["hotel.crm.stay"].with_context(active_test=False).search([("external_ref", "=", ref)])

    def test_batch_refused_saved_row_by_row(self):
        """A rule checked on save that validation does not know (another module's) refuses one
        row: the chunk is rolled back and saved row by row, only that row is reported, the others
        are saved with the points and tiers they earn one by one."""
        Stay = type(self.env["hotel.crm.stay"])
        check_values, stays_created = Stay._hotel_check_values, Stay._import_stays_created

        def refuse_on_save(stay_self, stay, vals):
            if vals.get("partner_id") and vals.get("external_ref") == "DUP-03":
                raise ValidationError("DUP-03 is refused by the property's own rule")  # pylint: disable=translation-required
            return check_values(stay_self, stay, vals)

        def refuse_in_batch(stays, rows):
            if any(row["external_ref"] == "DUP-03" for row in rows):
                raise ValidationError("DUP-03 is refused by the property's own rule")  # pylint: disable=translation-required
            return stays_created(stays, rows)

        with (
            patch.object(Stay, "_hotel_check_values", refuse_on_save),
            patch.object(Stay, "_import_stays_created", refuse_in_batch),
        ):
            result = self.env["hotel.crm.stay"].import_stays(self._scenario("DUP"))
        self.assertEqual(result["created"], 11)
        self.assertEqual([e["row"] for e in result["errors"]], [3])
        self.assertIn("refused by the property's own rule", result["errors"][0]["message"])
        self.assertFalse(self.env["hotel.crm.stay"].search([("external_ref", "=", "DUP-03")]))
        ann = self.env["res.partner"].search([("email", "=", "dup.ann@example.com")])
        self.assertEqual(sorted(self._moves(ann).mapped("points")), [600, 600], "saved rows earned once")
        self.assertEqual(ann.hotel_tier_id, self.silver)
        self.assertEqual(ann.hotel_stay_count, 2)


@tagged("post_install", "-at_install", "hotel_crm_guest")
class TestStayLoader(StayImportCase):
    """``tools/import-stays``: chunks, rejects file, stop and go on."""

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.mkdtemp(prefix="hotel_crm_loader_")
        self.addCleanup(lambda: [os.remove(os.path.join(self.tmp, f)) for f in os.listdir(self.tmp)])

    def _write_csv(self, rows, name="stays.csv"):
        path = os.path.join(self.tmp, name)
        columns = list(rows[0])
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            writer.writerows(rows)
        return path

    def _file_rows(self):
        rows = []
        for n in range(1, 11):
            rows.append(
                {
                    "external_ref": f"LD-{n:02d}",
                    "partner_id": f"Loader Guest {n % 3}",
                    "company_id": self.property_a.name,
                    "arrival_date": f"2025-04-{n:02d}",
                    "departure_date": f"2025-04-{n + 1:02d}",
                    "room_type": "Deluxe King",
                    "channel": "website",
                    "state": "checked_out",
                    "revenue_room": "500",
                    "revenue_fnb": "",
                    "revenue_other": "0",
                }
            )
        rows[2]["revenue_room"] = "NaN"
        rows[5]["arrival_date"] = "2025-04-06 junk"
        rows[8]["channel"] = "pigeon"
        return rows

    def _load(self, path, **kw):
        Stay = self.env["hotel.crm.stay"].with_company(self.property_a)
        return load_file(Stay.env, path, chunk_size=3, commit=lambda: None, progress=False, **kw)

    def _rejects(self, path):
        with open(path + ".rejected.csv", newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    def test_good_and_bad_rows(self):
        path = self._write_csv(self._file_rows())
        totals = self._load(path)
        self.assertEqual(
            {k: totals[k] for k in ("rows", "created", "updated", "rejected", "skipped")},
            {"rows": 10, "created": 7, "updated": 0, "rejected": 3, "skipped": 0},
        )
        rejects = self._rejects(path)
        self.assertEqual([r["external_ref"] for r in rejects], ["LD-03", "LD-06", "LD-09"])
        self.assertEqual([r["line"] for r in rejects], ["4", "7", "10"], "line numbers of the input file")
        self.assertTrue(rejects[0]["reason"].startswith("Row 4: Field revenue_room:"), "named by its line")
        self.assertIn("arrival_date", rejects[1]["reason"])
        self.assertIn("pigeon", rejects[2]["reason"])
        self.assertEqual(rejects[0]["revenue_room"], "NaN", "the row as it was read")
        self.assertEqual(len(self._stays(*[f"LD-{n:02d}" for n in range(1, 11)])), 7)
        self.assertEqual(len(self._stays("LD-01", "LD-04", "LD-07").partner_id), 1, "one guest per name")
        self.assertFalse(os.path.exists(path + ".progress.json"), "a finished load leaves no checkpoint")
        # the same file again: nothing new, the same rejects
        again = self._load(path)
        self.assertEqual((again["created"], again["updated"], again["rejected"]), (0, 0, 3))
        self.assertEqual(self._rejects(path), rejects)

    def test_stop_and_go_on(self):
        path = self._write_csv(self._file_rows())
        first = self._load(path, stop_after=2)
        self.assertEqual((first["rows"], first["created"], first["rejected"]), (6, 4, 2))
        self.assertTrue(os.path.exists(path + ".progress.json"))
        rest = self._load(path)
        self.assertEqual((rest["skipped"], rest["rows"], rest["created"], rest["rejected"]), (6, 4, 3, 1))
        self.assertEqual([r["external_ref"] for r in self._rejects(path)], ["LD-03", "LD-06", "LD-09"])
        self.assertEqual(len(self._stays(*[f"LD-{n:02d}" for n in range(1, 11)])), 7)
        guests = self._stays(*[f"LD-{n:02d}" for n in range(1, 11)]).partner_id
        self.assertEqual(len(guests), 2, "one guest per name, across chunks and runs")
        # a stop between the commit of a chunk and its checkpoint: the chunk comes again, unchanged
        restart = self._load(path, restart=True)
        self.assertEqual((restart["created"], restart["updated"], restart["rejected"]), (0, 0, 3))
        self.assertEqual(sum(guests.mapped("hotel_stay_count")), 7)

    def test_xlsx_and_template(self):
        import openpyxl  # noqa: PLC0415

        with open(file_path("hotel_crm/static/xls/hotel_crm_stay_import_template.csv"), encoding="utf-8") as f:
            template = list(csv.reader(io.StringIO(f.read().replace("YourCompany", self.property_a.name))))
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(template[0])
        for record in template[1:]:
            cells = dict(zip(template[0], record, strict=True))
            cells["arrival_date"] = date.fromisoformat(cells["arrival_date"])  # a date cell
            cells["revenue_room"] = float(cells["revenue_room"])
            sheet.append([cells[c] for c in template[0]])
        path = os.path.join(self.tmp, "template.xlsx")
        workbook.save(path)
        totals = self._load(path)
        self.assertEqual((totals["created"], totals["rejected"]), (2, 0))
        stays = self._stays("RES-10001", "RES-10002")
        self.assertEqual(stays.partner_id.name, "Li Wei")
        self.assertEqual(sum(stays.mapped("nights")), 5)
        self.assertEqual(stays.company_id, self.property_a)

    def test_base_import_in_batches(self):
        """Odoo's import dialog with its batch option (limit / skip) on the template's columns."""
        self._guest("Batch Dialog Guest")
        header = "external_ref,partner_id,company_id,arrival_date,departure_date,state,revenue_room\n"
        lines = [
            f"BI-{n},Batch Dialog Guest,{self.property_a.name},2025-05-{n:02d},2025-05-{n + 1:02d},checked_out,100\n"
            for n in range(1, 6)
        ]
        content = (header + "".join(lines)).encode()
        columns = header.strip().split(",")
        importer = self.env["base_import.import"].create(
            {"res_model": "hotel.crm.stay", "file": content, "file_name": "stays.csv", "file_type": "text/csv"}
        )
        options = {"quoting": '"', "separator": ",", "has_headers": True, "limit": 2}
        nextrows = []
        skip = 0
        while True:
            result = importer.with_context(allowed_company_ids=self.properties.ids).execute_import(
                columns, columns, dict(options, skip=skip)
            )
            self.assertFalse(result["messages"], result["messages"])
            nextrows.append(result["nextrow"])
            if not result["nextrow"]:
                break
            skip = result["nextrow"]
        self.assertEqual(nextrows, [2, 4, 0])
        stays = self._stays(*[f"BI-{n}" for n in range(1, 6)])
        self.assertEqual(len(stays), 5)
        self.assertEqual(stays.partner_id.hotel_stay_count, 5)
        self.assertTrue(math.isclose(stays.partner_id.hotel_revenue_total, 500.0))
