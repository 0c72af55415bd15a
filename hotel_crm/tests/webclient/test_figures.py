from datetime import date

from lxml import etree

from odoo import fields
from odoo.tests import Form, tagged

from ..common import HotelCrmCommon


@tagged("post_install", "-at_install", "hotel_crm_webclient")
class TestWebclientGuestFigures(HotelCrmCommon):
    """The guest form agrees with itself: every figure is the sum of the records the list next to
    it (or the list its button opens) shows to that user, and a user of one property learns nothing
    of another property's stays from the totals."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guest = cls._guest("Jing Dubois")
        a, b = cls.property_a, cls.property_b
        for company, arrival, nights, revenue, state in (
            (a, date(2025, 1, 10), 2, 1000.0, "checked_out"),
            (a, date(2025, 3, 10), 3, 1500.0, "checked_out"),
            (a, date(2025, 4, 10), 2, 0.0, "cancelled"),
            (b, date(2025, 2, 10), 4, 4000.0, "checked_out"),
            (b, date(2025, 5, 10), 1, 900.0, "checked_out"),
        ):
            cls._stay(
                cls.guest,
                arrival,
                date.fromordinal(arrival.toordinal() + nights),
                company=company,
                state=state,
                revenue_room=revenue,
            )
        cls.guest._hotel_points_grant(300, "bonus", reason="Welcome at the lake", company_id=a.id)
        cls.guest._hotel_points_grant(700, "bonus", reason="Welcome at the harbour", company_id=b.id)
        cls.form_view = cls.env.ref("hotel_crm.res_partner_view_form_hotel_guest")

    def _figures(self, user, selected):
        """What ``user`` sees on the guest form with the properties ``selected`` in the switcher,
        and the records of the lists: the Stays and Loyalty tabs, and what the buttons open."""
        self.env.invalidate_all()  # as a new request: nothing read as the superuser in setUpClass
        guest = self.guest.with_user(user).with_context(allowed_company_ids=selected.ids)
        form = Form(guest, view=self.form_view)
        tab_stays = guest.hotel_stay_ids.filtered(lambda s: s.state in ("in_house", "checked_out"))
        tab_moves = guest.hotel_points_move_ids
        opened = {}
        for method, model in (
            ("action_hotel_view_stays", "hotel.crm.stay"),
            ("action_hotel_view_points", "hotel.crm.points.move"),
        ):
            action = getattr(guest, method)()
            records = self.env[model].with_user(user).with_context(**action["context"]).search(action["domain"])
            opened[model] = records
        button_stays = opened["hotel.crm.stay"].filtered(lambda s: s.state in ("in_house", "checked_out"))
        return form, tab_stays, tab_moves, button_stays, opened["hotel.crm.points.move"]

    def _assert_agree(self, form, tab_stays, tab_moves, button_stays, button_moves):
        self.assertEqual(form.hotel_selected_stay_count, len(tab_stays))
        self.assertEqual(form.hotel_selected_nights, sum(tab_stays.mapped("nights")))
        self.assertEqual(form.hotel_selected_revenue, sum(tab_stays.mapped("revenue_total")))
        self.assertEqual(form.hotel_selected_points, sum(tab_moves.mapped("points")))
        self.assertEqual(form.hotel_readable_stay_count, len(button_stays), "the Stays button counts what it opens")
        self.assertEqual(form.hotel_readable_nights, sum(button_stays.mapped("nights")))
        self.assertEqual(form.hotel_readable_revenue, sum(button_stays.mapped("revenue_total")))
        self.assertEqual(
            fields.Date.to_date(form.hotel_readable_last_stay_date), max(button_stays.mapped("arrival_date"))
        )

    def test_user_of_one_property(self):
        form, tab_stays, tab_moves, button_stays, button_moves = self._figures(self.user_front, self.property_a)
        self._assert_agree(form, tab_stays, tab_moves, button_stays, button_moves)
        self.assertEqual(form.hotel_readable_revenue, 2500.0, "the lake's revenue only, not the harbour's")
        self.assertEqual(form.hotel_readable_stay_count, 2)
        self.assertEqual(form.hotel_readable_cancel_count, 1)
        self.assertFalse(form.hotel_readable_all, "the form says these are the user's properties only")
        self.assertEqual(button_moves.company_id, self.property_a, "the lake's moves only")
        self.assertEqual(sum(button_moves.mapped("points")), 300 + 1000 + 1500, "the bonus and the stays' points")
        # the group's stored totals are not on the screens this user reads
        for view in ("form", "list", "kanban"):
            arch = etree.fromstring(
                self.Partner.with_user(self.user_front).get_view(
                    self.env.ref(f"hotel_crm.res_partner_view_{view}_hotel_guest").id, view
                )["arch"]
            )
            for fname in ("hotel_stay_count", "hotel_nights_total", "hotel_revenue_total"):
                self.assertFalse(arch.xpath(f"//field[@name='{fname}']"), f"{fname} on the guest {view}")

    def test_user_of_all_properties(self):
        # the manager works for both properties, one selected in the switcher
        form, tab_stays, tab_moves, button_stays, button_moves = self._figures(self.user_manager, self.property_a)
        self._assert_agree(form, tab_stays, tab_moves, button_stays, button_moves)
        self.assertTrue(form.hotel_readable_all)
        self.assertEqual(len(tab_stays), 2, "the tab lists the selected property")
        self.assertEqual(form.hotel_selected_revenue, 2500.0)
        # the button's figures and list are the group's: the stored totals
        self.assertEqual(form.hotel_readable_stay_count, self.guest.hotel_stay_count)
        self.assertEqual(form.hotel_readable_revenue, self.guest.hotel_revenue_total)
        self.assertEqual(form.hotel_readable_revenue, 7400.0)
        self.assertEqual(
            sum(button_moves.mapped("points")), self.guest.hotel_points_balance, "the moves add up to the balance"
        )
        # both selected: tab and button agree
        form, tab_stays, tab_moves, button_stays, button_moves = self._figures(self.user_manager, self.properties)
        self._assert_agree(form, tab_stays, tab_moves, button_stays, button_moves)
        self.assertEqual(form.hotel_selected_revenue, form.hotel_readable_revenue)
