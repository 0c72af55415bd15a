from datetime import timedelta

from odoo import api, fields, models

from .common import STAFF


class HotelCrmComplaint(models.Model):
    """Crisis plan: a critical complaint notifies the crisis team and schedules the crisis steps:
    the general steps plus those of its crisis type."""

    _inherit = "hotel.crm.complaint"  # pylint: disable=consider-merging-classes-inherited

    crisis_started = fields.Boolean(
        string="Crisis Plan Started", readonly=True, copy=False, groups=STAFF, help="The crisis team was notified."
    )
    crisis_type_id = fields.Many2one(
        "hotel.crm.crisis.type",
        compute="_compute_crisis_type_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        groups=STAFF,
        help="The kind of crisis: a critical complaint gets the general crisis steps plus the steps of this type. "
        "Proposed from the category.",
    )

    @api.depends("category_id")
    def _compute_crisis_type_id(self):
        for complaint in self:
            if complaint.category_id.crisis_type_id:
                complaint.crisis_type_id = complaint.category_id.crisis_type_id
            elif not complaint.crisis_type_id:
                complaint.crisis_type_id = False

    def write(self, vals):
        """A crisis type set on a crisis already started adds the steps of that type."""
        started, types_before = self.browse(), {}
        if "crisis_type_id" in vals or "category_id" in vals:
            started = self.sudo().filtered("crisis_started").with_env(self.env)
            types_before = {complaint.id: complaint.sudo().crisis_type_id for complaint in started}
        res = super().write(vals)
        for complaint in started:
            new_type = complaint.sudo().crisis_type_id
            if new_type and new_type != types_before[complaint.id]:
                steps = self._hotel_crisis_steps(complaint).filtered(lambda s, t=new_type: s.crisis_type_id == t)
                complaint.sudo()._hotel_schedule_crisis_steps(steps)
        return res

    def _hotel_crisis_team(self):
        """Who is called to this critical complaint: the crisis team of its property
        (``res.company._hotel_crisis_team``)."""
        self.ensure_one()
        return self.company_id._hotel_crisis_team()

    @api.model
    def _hotel_crisis_steps(self, complaint):
        """The crisis steps of ``complaint``: those of every property or of its own, general or of its
        crisis type (``hotel.crm.crisis.step``, sorted by sequence)."""
        steps = self.env["hotel.crm.crisis.step"].sudo().search([])
        return steps.filtered(
            lambda s: (
                (not s.company_id or s.company_id == complaint.company_id)
                and (not s.crisis_type_id or s.crisis_type_id == complaint.sudo().crisis_type_id)
            )
        )

    def _hotel_start_crisis(self):
        """Critical complaint: notify the crisis team and schedule the crisis plan, once per complaint."""
        todo = self.filtered(lambda c: c.severity == "critical" and not c.crisis_started)
        if not todo:
            return
        todo._hotel_lock(["crisis_started"])
        for complaint in todo.filtered(lambda c: not c.crisis_started).sudo():
            team = complaint._hotel_crisis_team()
            complaint.crisis_started = True
            if team:
                complaint.message_subscribe(partner_ids=team.partner_id.ids)
            # written in the property's language: the chatter is read by its whole team
            lang_env = complaint.with_context(lang=complaint.company_id._hotel_message_lang()).env
            complaint.message_post(
                body=lang_env._(
                    "Crisis: complaint %(complaint)s is critical. The crisis team is notified and the crisis "
                    "plan is scheduled.",
                    complaint=complaint.display_name,
                ),
                partner_ids=team.partner_id.ids,
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
            complaint._hotel_schedule_crisis_steps(self._hotel_crisis_steps(complaint))

    def _hotel_schedule_crisis_steps(self, steps):
        """One activity per step of ``steps`` on this complaint, due ``delay_hours`` from now in the
        property's calendar, for the step's assignee, else the complaint's responsible, else the first
        member of the crisis team."""
        self.ensure_one()
        activity_type = self.env.ref("hotel_crm.mail_activity_type_hotel_crisis_step", raise_if_not_found=False)
        if not activity_type or not steps:
            return
        now = fields.Datetime.now()
        team = self._hotel_crisis_team()
        lang = self.company_id._hotel_message_lang()
        for step in steps:
            user = step.user_id or self.user_id or team[:1] or self.env.user
            # the step's day at the property, not in the time zone of whoever escalated
            due = self.company_id._hotel_localize(now + timedelta(hours=step.delay_hours)).date()
            self.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=due,
                user_id=user.id,
                # the to-do in the language of the one who does it
                summary=step.with_context(lang=user.lang or lang).name,
                note=step.with_context(lang=user.lang or lang).note,
            )
