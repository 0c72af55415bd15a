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
    date = fields.Date(required=True, default=fields.Date.context_today)
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
        """Ids of consenting guests whose occasion falls today and who were not greeted this year."""
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
                 WHERE p.active AND p.hotel_guest AND p.hotel_consent_email
                   AND COALESCE(p.email, '') != ''
                   AND %(month_day)s %(extra)s
                   AND NOT EXISTS (SELECT 1 FROM hotel_crm_greeting g
                                    WHERE g.partner_id = p.id AND g.occasion = %(occasion)s AND g.year = %(year)s)
                 ORDER BY p.id
                """,
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

        The greeting row is written first: its unique key makes a second run (or a second worker)
        fail instead of sending twice. Mails go through the mail queue; optional bonus points.
        """
        today = fields.Date.context_today(self)
        Move = self.env["hotel.crm.points.move"]
        settings = {
            "birthday": ("hotel_crm.mail_template_hotel_birthday", Move._hotel_loyalty_param("birthday_bonus")),
            "stay_anniversary": (
                "hotel_crm.mail_template_hotel_stay_anniversary",
                Move._hotel_loyalty_param("anniversary_bonus"),
            ),
        }
        sent = 0
        for occasion, (template_xmlid, bonus) in settings.items():
            template = self.env.ref(template_xmlid, raise_if_not_found=False)
            partner_ids = self._hotel_greeting_candidates(occasion, today)
            if not template or not partner_ids:
                continue
            greetings = self.sudo().create(
                [
                    {
                        "partner_id": pid,
                        "occasion": occasion,
                        "year": today.year,
                        "date": today,
                        "template_id": template.id,
                    }
                    for pid in partner_ids
                ]
            )
            self.env.flush_all()  # the unique key is checked now, before any mail is queued
            mails = template.sudo().send_mail_batch(partner_ids)
            mail_by_partner = {mail.res_id: mail for mail in mails}
            moves_by_partner = {}
            if bonus > 0:
                label = dict(self._fields["occasion"]._description_selection(self.env))[occasion]
                moves = greetings.partner_id._hotel_points_grant(
                    bonus, "bonus", reason=_("%(occasion)s bonus %(year)s", occasion=label, year=today.year)
                )
                moves_by_partner = {move.partner_id.id: move for move in moves}
            for greeting in greetings:
                greeting.write(
                    {
                        "mail_id": mail_by_partner.get(greeting.partner_id.id, self.env["mail.mail"]).id,
                        "points_move_id": moves_by_partner.get(greeting.partner_id.id, Move).id,
                    }
                )
            sent += len(greetings)
            _logger.info("hotel_crm: %s %s greetings queued", len(greetings), occasion)
        return sent
