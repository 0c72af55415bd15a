from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..common import HotelCrmCommon


@tagged("post_install", "-at_install", "hotel_crm_guest")
class TestStay(HotelCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guest = cls._guest("Stay Guest")

    def test_nights_and_total(self):
        stay = self._stay(self.guest, "2025-02-27", "2025-03-02", revenue_room=700, revenue_fnb=80, revenue_other=20)
        self.assertEqual(stay.nights, 3)
        self.assertEqual(stay.revenue_total, 800)
        self.assertEqual(stay.currency_id, self.property_a.currency_id)

    def test_departure_after_arrival(self):
        with self.assertRaisesRegex(ValidationError, "departure date"):
            self._stay(self.guest, "2025-03-02", "2025-03-02")
        stay = self._stay(self.guest, "2025-03-02", "2025-03-03")
        with self.assertRaisesRegex(ValidationError, "Stay Guest"):
            stay.departure_date = "2025-03-01"

    def test_revenue_not_negative(self):
        with self.assertRaisesRegex(ValidationError, "F&B Revenue cannot be negative"):
            self._stay(self.guest, "2025-03-02", "2025-03-03", revenue_fnb=-1)

    @mute_logger("odoo.sql_db")
    def test_external_ref_unique_per_property(self):
        self._stay(self.guest, "2025-03-02", "2025-03-03", external_ref="R-1")
        # the same reference at the other property is another reservation
        self._stay(self.guest, "2025-03-02", "2025-03-03", external_ref="R-1", company=self.property_b)
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self._stay(self.guest, "2025-04-02", "2025-04-03", external_ref="R-1")

    def test_state_buttons(self):
        stay = self._stay(self.guest, "2025-03-02", "2025-03-05", revenue_room=300)
        with self.assertRaisesRegex(UserError, "cannot become Checked Out"):
            stay.action_check_out()
        stay.action_check_in()
        self.assertEqual(stay.state, "in_house")
        with self.assertRaises(UserError):
            stay.action_cancel()
        stay.action_check_out()
        self.assertEqual(stay.state, "checked_out")
        other = self._stay(self.guest, "2025-05-02", "2025-05-05")
        other.action_no_show()
        self.assertEqual(other.state, "no_show")
        other.action_reset_booked()
        other.action_cancel()
        self.assertEqual(other.state, "cancelled")
        self.assertEqual(self.guest.hotel_stay_count, 1)
        self.assertEqual(self.guest.hotel_cancel_count, 1)

    def test_reset_booked_manager_only(self):
        """'Back to Booked' corrects history: refused to a front-desk user on the server too."""
        stay = self._stay(self.guest, "2025-05-02", "2025-05-05")
        stay.action_cancel()
        with self.assertRaisesRegex(AccessError, "Only a Hotel CRM manager"):
            stay.with_user(self.user_front).action_reset_booked()
        self.assertEqual(stay.state, "cancelled")
        stay.with_user(self.user_manager).action_reset_booked()
        self.assertEqual(stay.state, "booked")

    def test_property_isolation(self):
        stay_a = self._stay(self.guest, "2025-03-02", "2025-03-05", external_ref="ISO-A")
        stay_b = self._stay(self.guest, "2025-03-02", "2025-03-05", external_ref="ISO-B", company=self.property_b)
        Stay = self.env["hotel.crm.stay"].with_user(self.user_front)
        visible = Stay.search([("external_ref", "in", ["ISO-A", "ISO-B"])])
        self.assertEqual(visible, stay_a, "a front-desk user of property A sees only A's stays")
        with self.assertRaises(AccessError):
            stay_b.with_user(self.user_front).read(["external_ref"])
        groups = Stay.read_group([("external_ref", "like", "ISO-")], ["nights:sum"], [])
        self.assertEqual(groups[0]["nights"], 3)
        manager = (
            self.env["hotel.crm.stay"]
            .with_user(self.user_manager)
            .with_context(allowed_company_ids=self.properties.ids)
        )
        self.assertEqual(manager.search([("external_ref", "in", ["ISO-A", "ISO-B"])]), stay_a | stay_b)

    def test_user_cannot_delete_manager_can(self):
        stay = self._stay(self.guest, "2025-03-02", "2025-03-05")
        with self.assertRaises(AccessError):
            stay.with_user(self.user_front).unlink()
        stay.with_user(self.user_manager).unlink()
        self.assertFalse(stay.exists())
