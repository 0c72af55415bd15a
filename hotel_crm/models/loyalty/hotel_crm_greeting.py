import calendar
import logging

from odoo import _, api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

OCCASIONS = [("birthday", "Birthday"), ("stay_anniversary", "Stay Anniversary")]


class HotelCrmGreeting(models.Model):
    """One row per greeting sent: the unique key (guest, occasion, year) makes it once per occasion."""

    _name = "hotel.crm.greeting"
    _description = "Guest Greeting"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Guest", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(
        "res.company", string="Property", required=True, index=True, default=lambda self: self.env.company
    )
    occasion = fields.Selection(OCCASIONS, required=True)
    year = fields.Integer(required=True)
    date = fields.Date(required=True, default=lambda self: self.env.company._hotel_today())
    template_id = fields.Many2one("mail.template", ondelete="set null")
    mail_id = fields.Many2one("mail.mail", string="E-mail", ondelete="set null")
    points_move_id = fields.Many2one("hotel.crm.points.move", string="Bonus", ondelete="set null")

    _sql_constraints = [
        (
            "partner_occasion_year_unique",
            "UNIQUE(partner_id, occasion, year)",
            "A guest is greeted once per occasion and year.",
        ),
    ]

    @api.depends("partner_id", "occasion", "year")
    def _compute_display_name(self):
        labels = dict(self._fields["occasion"]._description_selection(self.env))
        for greeting in self:
            greeting.display_name = f"{labels.get(greeting.occasion, '')} {greeting.year} · {greeting.partner_id.name}"

    @api.model
    def _hotel_greeting_candidates(self, occasion, today):
        """Ids of consenting guests whose occasion falls today and who were not greeted this year.

        The consent gate decides who may be greeted (``res.partner._hotel_consent_sql``, purpose
        marketing, channel e-mail): e-mail and marketing consent, an address not blacklisted.
        """
        month_day = SQL(
            "(EXTRACT(MONTH FROM %(col)s) = %(month)s AND EXTRACT(DAY FROM %(col)s) = %(day)s)",
            col=SQL.identifier("p", "hotel_birthday" if occasion == "birthday" else "hotel_first_stay_date"),
            month=today.month,
            day=today.day,
        )
        if today.month == 2 and today.day == 28 and not calendar.isleap(today.year):
            # guests born on 29 February are greeted on the 28th in common years
            month_day = SQL(
                "(%s OR (EXTRACT(MONTH FROM %s) = 2 AND EXTRACT(DAY FROM %s) = 29))",
                month_day,
                SQL.identifier("p", "hotel_birthday" if occasion == "birthday" else "hotel_first_stay_date"),
                SQL.identifier("p", "hotel_birthday" if occasion == "birthday" else "hotel_first_stay_date"),
            )
        extra = SQL("")
        if occasion == "stay_anniversary":
            extra = SQL("AND EXTRACT(YEAR FROM p.hotel_first_stay_date) < %s", today.year)
        self.env["res.partner"].flush_model()
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id FROM res_partner p
                 WHERE p.hotel_guest AND %(consent)s
                   AND %(month_day)s %(extra)s
                   AND NOT EXISTS (SELECT 1 FROM hotel_crm_greeting g
                                    WHERE g.partner_id = p.id AND g.occasion = %(occasion)s AND g.year = %(year)s)
                 ORDER BY p.id
                """,
                # a greeting is marketing: e-mail and marketing consent, through the one consent gate
                consent=self.env["res.partner"]._hotel_consent_sql("p", "email", "marketing"),
                month_day=month_day,
                extra=extra,
                occasion=occasion,
                year=today.year,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _cron_hotel_send_greetings(self):
        """Birthday and stay-anniversary greetings of the day, once per occasion, with consent only.

        "The day" is the guest's property's day: the property of the guest's last stay (else the
        company running the job), in that property's time zone, not in the cron user's. Run at
        01:30 hotel time by a user in Brussels, the job greets the guests born on the hotel's
        date. The greeting row is written first: its unique key makes a second run (or a second
        worker) fail instead of sending twice. Mails go through the mail queue, sent by that
        property; optional bonus points, booked to that property. One run at a time
        (``base._hotel_job_lock``): a second run started meanwhile returns 0 without an error.

        :return: the number of greetings created
        """
        if not self._hotel_job_lock("greetings"):
            return 0
        Move = self.env["hotel.crm.points.move"]
        settings = {
            "birthday": ("hotel_crm.mail_template_hotel_birthday", Move._hotel_loyalty_param("birthday_bonus")),
            "stay_anniversary": (
                "hotel_crm.mail_template_hotel_stay_anniversary",
                Move._hotel_loyalty_param("anniversary_bonus"),
            ),
        }
        labels = dict(self._fields["occasion"]._description_selection(self.env))
        today_by_company = self.env["res.company"]._hotel_today_by_company()
        sent = 0
        for occasion, (template_xmlid, bonus) in settings.items():
            template = self.env.ref(template_xmlid, raise_if_not_found=False)
            if not template:
                continue
            for today in sorted(set(today_by_company.values())):
                sent += self._hotel_send_greetings_of_day(occasion, today, today_by_company, template, bonus, labels)
        return sent

    @api.model
    def _hotel_send_greetings_of_day(self, occasion, today, today_by_company, template, bonus, labels):
        """Greet the guests whose ``occasion`` falls on ``today`` and whose property is on that date.

        :param today: ``date``, the local date of some properties
        :param today_by_company: ``{company_id: date}`` of every property
        :return: number of greetings created
        """
        partner_ids = self._hotel_greeting_candidates(occasion, today)
        if not partner_ids:
            return 0
        properties = self.env["res.partner"].browse(partner_ids)._hotel_last_property()
        partner_ids = [
            pid
            for pid in partner_ids
            if today_by_company.get(properties[pid].id, properties[pid]._hotel_today()) == today
        ]
        if not partner_ids:
            return 0
        greetings = self.sudo().create(
            [
                {
                    "partner_id": pid,
                    "company_id": properties[pid].id,
                    "occasion": occasion,
                    "year": today.year,
                    "date": today,
                    "template_id": template.id,
                }
                for pid in partner_ids
            ]
        )
        self.env.flush_all()  # the unique key is checked now, before any mail is queued
        mail_by_partner = {}
        for company in sorted({properties[pid] for pid in partner_ids}, key=lambda c: c.id):
            company_partner_ids = [pid for pid in partner_ids if properties[pid] == company]
            email_values = {"email_from": company.email_formatted} if company.email else None
            mails = (
                template.sudo()
                .with_company(company)
                # signed by the guest's property, not the company of whoever runs the job
                .with_context(hotel_property_name=company.name)
                .send_mail_batch(company_partner_ids, email_values=email_values)
            )
            mail_by_partner.update({mail.res_id: mail.id for mail in mails})
        move_by_greeting = {}
        if bonus > 0:
            reason = _("%(occasion)s bonus %(year)s", occasion=labels[occasion], year=today.year)
            moves = (
                self.env["res.partner"]
                .sudo()
                ._hotel_points_book(
                    [
                        {
                            "partner_id": greeting.partner_id.id,
                            "company_id": greeting.company_id.id,
                            "move_type": "bonus",
                            "points": bonus,
                            "name": reason,
                            "origin_model": self._name,
                            "origin_id": greeting.id,
                        }
                        for greeting in greetings
                    ]
                )
            )
            move_by_greeting = {move.origin_id: move.id for move in moves}
        links = [
            SQL(
                "(%s, %s, %s)",
                greeting.id,
                mail_by_partner.get(greeting.partner_id.id),
                move_by_greeting.get(greeting.id),
            )
            for greeting in greetings
            if greeting.partner_id.id in mail_by_partner or greeting.id in move_by_greeting
        ]
        if links:
            # one UPDATE for the whole day's greetings, not one per row
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE hotel_crm_greeting g
                       SET mail_id = v.mail_id::int, points_move_id = v.move_id::int
                      FROM (VALUES %s) AS v(id, mail_id, move_id)
                     WHERE g.id = v.id
                    """,
                    SQL(", ").join(links),
                )
            )
            greetings.invalidate_recordset(["mail_id", "points_move_id"])
        _logger.info("hotel_crm: %s %s greetings queued for %s", len(greetings), occasion, today)
        return len(greetings)
