from datetime import timedelta

from odoo import fields, models

from .common import STAFF


class HotelCrmComplaint(models.Model):
    """Crisis plan: a critical complaint notifies the crisis team and schedules the crisis steps."""

    _inherit = "hotel.crm.complaint"  # pylint: disable=consider-merging-classes-inherited

    crisis_started = fields.Boolean(
        string="Crisis Plan Started", readonly=True, copy=False, groups=STAFF, help="The crisis team was notified."
    )

    def _hotel_crisis_team(self):
        self.ensure_one()
        group = self.env.ref("hotel_crm.hotel_crm_group_crisis_team", raise_if_not_found=False)
        if not group:
            return self.env["res.users"]
        return group.sudo().users.filtered(lambda u: u.active and self.company_id in u.company_ids)

    def _hotel_start_crisis(self):
        """Critical complaint: notify the crisis team and schedule the crisis plan, once per complaint."""
        activity_type = self.env.ref("hotel_crm.mail_activity_type_hotel_crisis_step", raise_if_not_found=False)
        steps = self.env["hotel.crm.crisis.step"].sudo().search([])
        now = fields.Datetime.now()
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
            if not activity_type:
                continue
            for step in steps.filtered(lambda s, c=complaint: not s.company_id or s.company_id == c.company_id):
                user = step.user_id or complaint.user_id or team[:1] or self.env.user
                # the step's day at the property, not in the time zone of whoever escalated
                due = complaint.company_id._hotel_localize(now + timedelta(hours=step.delay_hours)).date()
                complaint.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=due,
                    user_id=user.id,
                    # the to-do in the language of the one who does it
                    summary=step.with_context(lang=user.lang or lang_env.lang).name,
                    note=step.with_context(lang=user.lang or lang_env.lang).note,
                )
