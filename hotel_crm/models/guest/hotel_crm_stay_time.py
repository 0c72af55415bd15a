"""Arrivals counted in each property's own calendar: "arriving today" at a Hangzhou hotel is the
Hangzhou day, whoever looks and wherever their browser is."""

from datetime import timedelta

from odoo import _, api, fields, models
from odoo.osv import expression

ARRIVAL_WINDOWS = ("today", "next_7_days", "this_week")
ARRIVAL_WINDOW_LABELS = [
    ("today", "Arriving Today"),
    ("this_week", "Arriving This Week"),
    ("next_7_days", "Arriving Next 7 Days"),
]


class HotelCrmStay(models.Model):
    _inherit = "hotel.crm.stay"  # pylint: disable=consider-merging-classes-inherited

    hotel_arriving_today = fields.Boolean(
        string="Arriving Today",
        compute="_compute_hotel_arrival_windows",
        search="_search_hotel_arriving_today",
        help="Booked, and arriving today in the property's time zone.",
    )
    hotel_arriving_next_days = fields.Boolean(
        string="Arriving Next 7 Days",
        compute="_compute_hotel_arrival_windows",
        search="_search_hotel_arriving_next_days",
        help="Booked, and arriving between today and seven days from today, in the property's time zone.",
    )

    hotel_arrival_window = fields.Selection(
        ARRIVAL_WINDOW_LABELS,
        string="Arrival Window",
        compute="_compute_hotel_arrival_windows",
        search="_search_hotel_arrival_window",
        help="Booked, and arriving in this window of the property's calendar (the narrowest one). "
        "Searching a window finds every stay arriving in it, so that the filters of the arrival "
        "windows are alternatives of one meaning.",
    )

    def _compute_hotel_arrival_windows(self):
        today_by_company = self.env["res.company"]._hotel_today_by_company(self.company_id)
        for stay in self:
            today = today_by_company.get(stay.company_id.id) or self.env.company._hotel_today()
            booked = stay.state == "booked" and bool(stay.arrival_date)
            stay.hotel_arriving_today = booked and stay.arrival_date == today
            stay.hotel_arriving_next_days = booked and today <= stay.arrival_date <= today + timedelta(days=7)
            this_week = booked and today <= stay.arrival_date <= self.env["res.company"]._hotel_week_end(today)
            stay.hotel_arrival_window = (
                "today"
                if stay.hotel_arriving_today
                else "this_week"
                if this_week
                else "next_7_days"
                if stay.hotel_arriving_next_days
                else False
            )

    def _search_hotel_arriving_today(self, operator, value):
        return self._hotel_arrival_search("today", operator, value)

    def _search_hotel_arriving_next_days(self, operator, value):
        return self._hotel_arrival_search("next_7_days", operator, value)

    def _search_hotel_arrival_window(self, operator, value):
        if operator != "=" or value not in ARRIVAL_WINDOWS:
            raise NotImplementedError(_("Operation not supported"))
        return self._hotel_arrival_window_domain(value)

    def _hotel_arrival_search(self, window, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(_("Operation not supported"))
        domain = self._hotel_arrival_window_domain(window)
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model
    def _hotel_arrival_window_domain(self, window):
        """Domain of the booked stays arriving in ``window`` of their own property's calendar.

        :param window: ``"today"``; ``"next_7_days"`` (today to today + 7 days); ``"this_week"``
            (today to the coming Sunday, weeks running Monday to Sunday)
        :return: an Odoo domain on ``hotel.crm.stay``: one term per distinct local date among the
            properties (usually one or two), so it stays small with fifty properties
        """
        if window not in ARRIVAL_WINDOWS:
            raise ValueError(window)
        Company = self.env["res.company"]
        by_window = {}
        for company_id, today in Company._hotel_today_by_company().items():
            if window == "today":
                end = today
            elif window == "next_7_days":
                end = today + timedelta(days=7)
            else:
                end = Company._hotel_week_end(today)
            by_window.setdefault((today, end), []).append(company_id)
        windows = [
            [("company_id", "in", company_ids), ("arrival_date", ">=", start), ("arrival_date", "<=", end)]
            for (start, end), company_ids in sorted(by_window.items())
        ]
        return expression.AND([[("state", "=", "booked")], expression.OR(windows or [expression.FALSE_DOMAIN])])
