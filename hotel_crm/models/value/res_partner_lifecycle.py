from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, models

SIDE_EFFECT_BATCH = 1000


class ResPartner(models.Model):
    """Side effects of the life-cycle transitions found by the value engine: a retention activity
    for a guest entering *at risk*, a loss record for a churned guest, closed when won back."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _hotel_lifecycle_side_effects(self, transitions, company, today):
        for start in range(0, len(transitions["at_risk"]), SIDE_EFFECT_BATCH):
            self.browse(transitions["at_risk"][start : start + SIDE_EFFECT_BATCH])._hotel_schedule_retention(
                company, today
            )
        Loss = self.env["hotel.crm.guest.loss"].sudo()
        for start in range(0, len(transitions["churned"]), SIDE_EFFECT_BATCH):
            Loss._hotel_open_for(self.browse(transitions["churned"][start : start + SIDE_EFFECT_BATCH]), company)
        for start in range(0, len(transitions["won_back"]), SIDE_EFFECT_BATCH):
            Loss._hotel_close_for(self.browse(transitions["won_back"][start : start + SIDE_EFFECT_BATCH]), today)

    def _hotel_account_owner(self, company):
        """The user who follows up this guest: the account owner, else the company's guest relations."""
        self.ensure_one()
        return self.user_id or company.hotel_guest_relations_user_id or self.env.ref("base.user_admin")

    def _hotel_schedule_retention(self, company, today):
        """One retention activity per guest entering *at risk*; never a second open one."""
        activity_type = self.env.ref("hotel_crm.mail_activity_type_hotel_retention")
        open_ids = {
            a.res_id
            for a in self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        }
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for partner in self.sudo():
            if partner.id in open_ids:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id,
                    "user_id": partner._hotel_account_owner(company).id,
                    "date_deadline": today + timedelta(days=activity_type.delay_count or 3),
                    "summary": _("Retention: guest at risk of leaving"),
                    "note": Markup("<p>%s</p>")
                    % _(
                        "%(guest)s has not stayed for longer than usual (last stay %(last)s, usually every "
                        "%(interval)s days), or gave a low score or has an open complaint. "
                        "Get in touch and offer a reason to come back.",
                        guest=partner.name,
                        last=partner.hotel_last_stay_date or "-",
                        interval=round(partner.hotel_usual_interval or 0),
                    ),
                    "automated": True,
                }
            )
        if vals_list:
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(vals_list)
        return len(vals_list)
