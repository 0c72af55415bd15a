"""The property's own clock: every "today", day boundary and time shown for a property.

A property (``res.company``) works in its own time zone, whoever runs the job: a cron user in
Brussels greeting the guests of a Hangzhou hotel at 01:30 hotel time greets those born on that
hotel's day, and an SLA message of that hotel shows the hotel's time. Every date computed for a
property goes through these helpers, never through the user's ``tz`` (``context_today``).
"""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models, tools

from odoo.addons.base.models.res_partner import _tz_get


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    hotel_tz = fields.Selection(
        _tz_get,
        string="Property Time Zone",
        compute="_compute_hotel_tz",
        store=True,
        readonly=False,
        help="The property's days (birthdays, points expiry, arrivals, life-cycle windows, SLA) begin at "
        "midnight in this time zone, and the times in its messages are shown in it. Follows the "
        "time zone of the company's address when it has one, else that of its working hours.",
    )

    @api.depends("partner_id.tz")
    def _compute_hotel_tz(self):
        for company in self:
            company.hotel_tz = (
                company.partner_id.tz  # the address's time zone, when it is given or changed
                or company.hotel_tz  # else the one set by hand is kept
                or company.resource_calendar_id.tz  # else the working hours' time zone
                or self.env.user.tz  # else that of whoever creates the property, as its working hours get
                or "UTC"
            )

    # ------------------------------------------------------------------
    # The property's clock
    # ------------------------------------------------------------------
    def _hotel_tz_name(self):
        """IANA name (``str``) of the property's time zone, e.g. ``"Asia/Shanghai"``.

        ``self``: one property; an empty recordset stands for the current company. ``"UTC"`` when
        the property has no time zone.
        """
        company = self[:1] or self.env.company
        return company.sudo().hotel_tz or "UTC"

    def _hotel_localize(self, dt):
        """The UTC datetime ``dt`` (naive, as Odoo stores it) as an aware datetime of the property's
        time zone; ``False`` for an empty value."""
        if not dt:
            return False
        dt = fields.Datetime.to_datetime(dt)
        return pytz.utc.localize(dt).astimezone(pytz.timezone(self._hotel_tz_name()))

    def _hotel_now(self):
        """Aware ``datetime``: now in the property's time zone."""
        return self._hotel_localize(fields.Datetime.now())

    def _hotel_today(self):
        """``date``: today in the property's time zone (not the user's, not the server's)."""
        return self._hotel_now().date()

    def _hotel_day_start(self, day):
        """Naive UTC ``datetime`` at which the property's local day ``day`` (a ``date``) begins: the
        boundary to compare stored datetimes with. ``day + 1`` gives the end of the day (exclusive)."""
        tz = pytz.timezone(self._hotel_tz_name())
        local = tz.localize(datetime.combine(fields.Date.to_date(day), time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _hotel_format_datetime(self, dt, dt_format="short"):
        """``str``: the UTC datetime ``dt`` in the property's local time and the user's language,
        followed by the time zone's name, e.g. ``"3/5/26, 9:30 AM (Asia/Shanghai)"``."""
        if not dt:
            return ""
        tz = self._hotel_tz_name()
        return f"{tools.format_datetime(self.env, dt, tz=tz, dt_format=dt_format)} ({tz})"

    @api.model
    def _hotel_today_by_company(self, companies=None):
        """``{company_id: date}``: today of each of ``companies`` (default: every property), each in
        its own time zone. One query for the time zones."""
        companies = (companies if companies is not None else self.sudo().search([])).sudo()
        return {company.id: company._hotel_today() for company in companies}

    @api.model
    def _hotel_week_end(self, day):
        """``date``: the Sunday ending the week (Monday to Sunday) of ``day``."""
        return day + timedelta(days=6 - day.weekday())
