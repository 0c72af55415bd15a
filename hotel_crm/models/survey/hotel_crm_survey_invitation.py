import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .survey_user_input import ANSWER_CHANNELS

_logger = logging.getLogger(__name__)

# stays that departed longer ago than the delay plus this are not surveyed any more (a cron that
# was stopped for a while does not send surveys about stays the guest has forgotten)
LOOKBACK_DAYS = 14
FATIGUE_PARAM = "hotel_crm.survey_fatigue_days"


class HotelCrmSurveyInvitation(models.Model):
    """One post-stay survey sent (or recorded by staff) for one stay: the answer's link to the stay,
    the guest and the property, and the basis of the response rate."""

    _name = "hotel.crm.survey.invitation"
    _description = "Post-stay Survey Invitation"
    _order = "sent_date desc, id desc"
    _check_company_auto = True
    _rec_name = "stay_id"

    stay_id = fields.Many2one(
        "hotel.crm.stay", required=True, index=True, readonly=True, ondelete="cascade", check_company=True
    )
    partner_id = fields.Many2one("res.partner", string="Guest", required=True, index=True, readonly=True)
    company_id = fields.Many2one("res.company", string="Property", required=True, index=True, readonly=True)
    survey_id = fields.Many2one("survey.survey", required=True, readonly=True, ondelete="restrict")
    user_input_id = fields.Many2one("survey.user_input", string="Answer", readonly=True, index="btree_not_null")
    channel = fields.Selection(ANSWER_CHANNELS, required=True, default="email", readonly=True)
    email = fields.Char(readonly=True, index="btree_not_null", help="Normalised address the survey was sent to.")
    phone = fields.Char(
        readonly=True, index="btree_not_null", help="Mobile number (E.164) the survey link was texted to."
    )
    sent_date = fields.Datetime(string="Sent", required=True, readonly=True, index=True)
    reminder_date = fields.Datetime(string="Reminder Sent", readonly=True)
    answered = fields.Boolean(compute="_compute_answered", store=True, index=True)
    answer_date = fields.Datetime(compute="_compute_answered", store=True, string="Answered On")
    response_rate = fields.Float(
        string="Response Rate (%)",
        compute="_compute_answered",
        store=True,
        aggregator="avg",
        digits=(5, 1),
        help="100 when answered, else 0: averaged over invitations it is answered / invitations sent.",
    )
    survey_url = fields.Char(compute="_compute_survey_url", string="Survey Link")

    _sql_constraints = [
        ("stay_unique", "UNIQUE(stay_id)", "A stay is surveyed once."),
    ]

    @api.depends("user_input_id.state", "user_input_id.end_datetime")
    def _compute_answered(self):
        for invitation in self:
            done = invitation.user_input_id.state == "done"
            invitation.answered = done
            invitation.answer_date = invitation.user_input_id.end_datetime if done else False
            invitation.response_rate = 100.0 if done else 0.0

    def _compute_survey_url(self):
        for invitation in self:
            answer = invitation.user_input_id.sudo()
            invitation.survey_url = answer and f"{answer.get_base_url()}{answer.get_start_url()}"

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------
    @api.model
    def _cron_send_invitations(self, limit=1000):
        """Daily: invite the guests of stays that checked out the configured delay ago, and remind once.

        Rules (each property's Settings; the fatigue window is group-wide):

        * one invitation per stay, ever (unique in the database);
        * through the consent gate (``res.partner._hotel_consent_sql``, purpose survey): by e-mail
          to guests with e-mail and survey consent and an address not blacklisted; where the
          property invites by SMS (``hotel_survey_sms``), by SMS to the others with SMS and survey
          consent and a valid phone (E.164);
        * the delay runs on the departure date in the property's time zone;
        * fatigue: no invitation to a guest, nor to an e-mail address or phone number (duplicate
          guests not yet merged), that any property invited within the window;
        * one reminder, the configured days after the invitation, unless the guest has answered.

        One run at a time (``base._hotel_job_lock``): a second run started meanwhile does nothing,
        so no guest is invited twice through the fatigue rule's blind spot (two runs inviting two
        stays, or two guests sharing an address, that neither run sees the other invite).

        :param int limit: invitations created per property and run
        :return: the invitations created (empty when another run holds the job)
        """
        if not self._hotel_job_lock("survey_invitations"):
            return self.browse()
        self._hotel_send_reminders()
        invitations = self.browse()
        for company in self.env["res.company"].sudo().search([]):
            invitations |= self._hotel_invite_company(company, limit=limit)
        return invitations

    @api.model
    def _hotel_local_today(self, company):
        return company._hotel_today()

    @api.model
    def _hotel_survey(self, company):
        survey = company.hotel_survey_id or self.env.ref("hotel_crm.survey_post_stay", raise_if_not_found=False)
        return survey.sudo() if survey and survey.active else self.env["survey.survey"]

    @api.model
    def _hotel_invite_company(self, company, limit=1000):
        survey = self._hotel_survey(company)
        if not survey:
            return self.browse()
        today = self._hotel_local_today(company)
        due = today - timedelta(days=company.hotel_survey_delay_days)
        fatigue_days = int(self.env["ir.config_parameter"].sudo().get_param(FATIGUE_PARAM, 30) or 0)
        now = fields.Datetime.now()
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT s.id, p.id,
                       CASE WHEN %(by_email)s THEN 'email' ELSE 'sms' END,
                       NULLIF(p.email_normalized, ''), NULLIF(p.hotel_phone_e164, '')
                  FROM hotel_crm_stay s
                  JOIN res_partner p ON p.id = s.partner_id
                 WHERE s.company_id = %(company)s
                   AND s.state = 'checked_out'
                   AND s.departure_date <= %(due)s AND s.departure_date > %(oldest)s
                   AND (%(by_email)s OR (%(sms)s AND %(by_sms)s))
                   AND NOT EXISTS (SELECT 1 FROM hotel_crm_survey_invitation i WHERE i.stay_id = s.id)
                   AND NOT EXISTS (
                        SELECT 1 FROM hotel_crm_survey_invitation i
                         WHERE (i.partner_id = p.id OR i.email = p.email_normalized OR i.phone = p.hotel_phone_e164)
                           AND i.sent_date > %(fatigue_start)s)
                 ORDER BY s.departure_date DESC, s.id
                 LIMIT %(limit)s
                """,
                company=company.id,
                due=due,
                oldest=due - timedelta(days=LOOKBACK_DAYS),
                sms=bool(company.hotel_survey_sms),
                # the one consent gate: channel consent, survey consent, reachable, not blacklisted
                by_email=self.env["res.partner"]._hotel_consent_sql("p", "email", "survey"),
                by_sms=self.env["res.partner"]._hotel_consent_sql("p", "sms", "survey"),
                fatigue_start=now - timedelta(days=fatigue_days),
                limit=limit,
            )
        )
        seen, vals_list = set(), []
        for stay_id, partner_id, channel, email, phone in rows:
            # within the batch too: a guest with two stays, two guests sharing an address or a phone
            keys = {("partner", partner_id), ("email", email), ("phone", phone)} - {("email", None), ("phone", None)}
            if keys & seen:
                continue
            seen |= keys
            vals_list.append(
                {
                    "stay_id": stay_id,
                    "partner_id": partner_id,
                    "company_id": company.id,
                    "survey_id": survey.id,
                    "channel": channel,
                    "email": email,
                    "phone": phone,
                    "sent_date": now,
                }
            )
        invitations = self.sudo().create(vals_list)
        invitations._hotel_create_answers()
        invitations._hotel_send("invitation")
        return invitations

    def _hotel_create_answers(self):
        """The survey answer (token) of each invitation, linked to the stay, guest and property."""
        for invitation in self.filtered(lambda i: not i.user_input_id):
            answer = invitation.survey_id._create_answer(
                partner=invitation.partner_id,
                check_attempts=False,
                hotel_stay_id=invitation.stay_id.id,
                hotel_invitation_id=invitation.id,
                hotel_channel=invitation.channel,
            )
            invitation.user_input_id = answer

    def _hotel_send(self, kind):
        """Send the survey link of each invitation by its channel.

        :param str kind: ``"invitation"`` or ``"reminder"``
        E-mails go out through the mail templates ``hotel_crm.mail_template_survey_<kind>``; texts are
        queued as ``sms.sms`` from ``hotel_crm.sms_template_survey_<kind>``, in the guest's language,
        and sent by Odoo's SMS queue. Invitations recorded by staff (phone, in person) send nothing.
        """
        by_mail = self.filtered(lambda i: i.channel == "email")
        template = self.env.ref(f"hotel_crm.mail_template_survey_{kind}", raise_if_not_found=False)
        if by_mail and not template:
            _logger.warning("Survey %s e-mails not sent: their mail template is missing.", kind)
        elif by_mail:
            for invitation in by_mail:
                template.sudo().send_mail(invitation.id, email_layout_xmlid="mail.mail_notification_light")
        by_sms = self.filtered(lambda i: i.channel == "sms" and i.phone)
        sms_template = self.env.ref(f"hotel_crm.sms_template_survey_{kind}", raise_if_not_found=False)
        if by_sms and not sms_template:
            _logger.warning("Survey %s texts not sent: their SMS template is missing.", kind)
        elif by_sms:
            bodies = sms_template.sudo()._render_field("body", by_sms.ids, compute_lang=True)
            self.env["sms.sms"].sudo().create(
                [
                    {
                        "number": invitation.phone,
                        "partner_id": invitation.partner_id.id,
                        "body": bodies[invitation.id],
                        "state": "outgoing",
                    }
                    for invitation in by_sms
                ]
            )

    @api.model
    def _hotel_send_reminders(self):
        """One reminder per unanswered e-mail or SMS invitation, the property's reminder days after it,
        on the same channel and only while the guest's consent for that channel stands."""
        now = fields.Datetime.now()
        self.env.flush_all()
        ids = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """
                    SELECT i.id
                      FROM hotel_crm_survey_invitation i
                      JOIN res_company c ON c.id = i.company_id
                      JOIN res_partner p ON p.id = i.partner_id
                      LEFT JOIN survey_user_input a ON a.id = i.user_input_id
                     WHERE i.channel IN ('email', 'sms') AND i.reminder_date IS NULL
                       AND COALESCE(c.hotel_survey_reminder_days, 0) > 0
                       AND i.sent_date <= %(now)s - make_interval(days => c.hotel_survey_reminder_days)
                       AND COALESCE(a.state, 'new') != 'done'
                       AND ((i.channel = 'email' AND %(by_email)s)
                            OR (i.channel = 'sms' AND %(by_sms)s AND i.phone IS NOT NULL))
                     ORDER BY i.id
                       FOR UPDATE OF i SKIP LOCKED
                    """,
                    now=now,
                    by_email=self.env["res.partner"]._hotel_consent_sql("p", "email", "survey"),
                    by_sms=self.env["res.partner"]._hotel_consent_sql("p", "sms", "survey"),
                )
            )
        ]
        reminders = self.sudo().browse(ids)
        reminders.write({"reminder_date": now})
        reminders._hotel_send("reminder")
        return reminders

    # ------------------------------------------------------------------
    # Staff records an answer given by phone or in person
    # ------------------------------------------------------------------
    @api.model
    def _hotel_record_for_stay(self, stay, channel):
        """The answer staff fill in for ``stay`` with the guest (``channel`` 'phone' or 'in_person').

        Reuses the stay's invitation when it exists and is unanswered; a stay is surveyed once.
        :return: the ``survey.user_input`` to fill in
        :raise UserError: the stay is not checked out, was already answered, or no survey is set
        """
        stay.check_access("write")
        if channel not in ("phone", "in_person"):
            raise UserError(self.env._("Unknown answer channel %(channel)s.", channel=channel))
        if stay.state != "checked_out":
            raise UserError(
                self.env._("Stay %(stay)s: the post-stay survey is recorded after checkout.", stay=stay.display_name)
            )
        stay = stay.sudo()
        invitation = self.sudo().search([("stay_id", "=", stay.id)], limit=1)
        if invitation.answered:
            raise UserError(
                self.env._("Stay %(stay)s: the guest already answered the post-stay survey.", stay=stay.display_name)
            )
        if not invitation:
            survey = self._hotel_survey(stay.company_id)
            if not survey:
                raise UserError(
                    self.env._(
                        "No post-stay survey is set for %(company)s (Settings > Guest Voice).",
                        company=stay.company_id.name,
                    )
                )
            invitation = self.sudo().create(
                {
                    "stay_id": stay.id,
                    "partner_id": stay.partner_id.id,
                    "company_id": stay.company_id.id,
                    "survey_id": survey.id,
                    "channel": channel,
                    "email": stay.partner_id.email_normalized,
                    "phone": stay.partner_id.hotel_phone_e164 or False,
                    "sent_date": fields.Datetime.now(),
                }
            )
            invitation._hotel_create_answers()
        invitation.user_input_id.hotel_channel = channel
        return invitation.user_input_id
