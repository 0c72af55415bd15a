from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    hotel_complaint_recovery_days = fields.Integer(
        string="Recovery Window (days)",
        default=365,
        help="A complaint counts as recovered when the guest checks out another stay that began within this "
        "many days after the complaint was resolved.",
    )
    hotel_complaint_escalation_user_id = fields.Many2one(
        "res.users",
        string="Complaint Escalation Manager",
        help="Receives escalated SLA breaches of complaints whose department has no manager.",
    )
    # crisis early warning (hotel.crm.crisis.alert)
    hotel_crisis_complaint_count = fields.Integer(
        string="Complaint Spike (at least)",
        default=3,
        help="A crisis warning is raised when at least this many complaints of one category arrive at the property "
        "within the spike window; 0 switches the complaint warning off.",
    )
    hotel_crisis_complaint_hours = fields.Integer(
        string="Complaint Spike Window (hours)",
        default=24,
        help="The window the complaints of a spike arrive in, in hours.",
    )
    hotel_crisis_review_count = fields.Integer(
        string="Low Review Spike (at least, per day)",
        default=3,
        help="A crisis warning is raised when at least this many online reviews at or below the low review "
        "threshold are published on one day of the property; 0 switches the review warning off.",
    )

    @api.constrains("hotel_crisis_complaint_count", "hotel_crisis_complaint_hours", "hotel_crisis_review_count")
    def _check_hotel_crisis_thresholds(self):
        for company in self:
            checks = [
                ("hotel_crisis_complaint_count", company.hotel_crisis_complaint_count >= 0),
                ("hotel_crisis_complaint_hours", 1 <= company.hotel_crisis_complaint_hours <= 24 * 31),
                ("hotel_crisis_review_count", company.hotel_crisis_review_count >= 0),
            ]
            for fname, ok in checks:
                if not ok:
                    raise ValidationError(
                        _(
                            "Property %(company)s: the value %(value)s of '%(field)s' is out of range.",
                            company=company.name,
                            value=company[fname],
                            field=self._fields[fname]._description_string(self.env),
                        )
                    )

    def _hotel_crisis_team(self):
        """The crisis team of this property: the active members of the group *Crisis Team* who work
        for it (``res.users``, empty when the group is missing). Called to critical complaints and
        crisis warnings."""
        self.ensure_one()
        group = self.env.ref("hotel_crm.hotel_crm_group_crisis_team", raise_if_not_found=False)
        if not group:
            return self.env["res.users"]
        return group.sudo().users.filtered(lambda u: u.active and self in u.company_ids)
