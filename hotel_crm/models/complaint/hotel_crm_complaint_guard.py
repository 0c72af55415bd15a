from odoo import _, api, fields, models
from odoo.exceptions import UserError

# Set by the complaint flow only: stage stamps, SLA evaluation, escalation, crisis plan, the
# compensation booking and the stored figures. A client writing them would e.g. untick "Points
# Booked" and resolve again to book the same compensation twice.
SYSTEM_FIELDS = (
    "reference",
    "severity_order",
    "is_closed",
    "is_resolved",
    "date_last_stage_update",
    "sla_policy_id",
    "response_hours",
    "resolution_hours",
    "sla_response_breached",
    "sla_resolution_breached",
    "sla_breached",
    "sla_response_notified",
    "sla_resolution_notified",
    "escalation_level",
    "crisis_started",
    "compensation_points_granted",
    "recovered",
)
# stamped by the stages; a manager may correct them (history imported from another system)
MANAGER_FIELDS = ("first_response_date", "resolved_date", "closed_date")


class HotelCrmComplaint(models.Model):
    _name = "hotel.crm.complaint"
    _inherit = ["hotel.crm.complaint", "hotel.crm.protected.fields.mixin"]

    def _hotel_protected_fields(self):
        return {
            **super()._hotel_protected_fields(),
            **dict.fromkeys(SYSTEM_FIELDS),
            **dict.fromkeys(MANAGER_FIELDS, "manager"),
        }

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(self._hotel_guard_create(vals_list))

    def _hotel_guard_create_vals(self, vals):
        # "/" stands for the reference the sequence gives
        return {k: v for k, v in vals.items() if k != "reference" or v != "/"}

    def write(self, vals):
        return super().write(self._hotel_guard_write(vals, company_move=True))

    def _hotel_check_company_move(self, vals):
        """A complaint whose points compensation is booked stays at the property that booked it."""
        super()._hotel_check_company_move(vals)
        if "company_id" not in vals or self._hotel_is_trusted():
            return
        booked = self.sudo().filtered(lambda c: c.compensation_points_granted and c.company_id.id != vals["company_id"])
        if booked:
            raise UserError(
                _(
                    "Complaint %(complaint)s: its compensation points are booked at its property; it cannot "
                    "move to another property.",
                    complaint=booked[:1].with_env(self.env).display_name,
                )
            )


class HotelCrmComplaintChecklist(models.Model):
    _name = "hotel.crm.complaint.checklist"
    _inherit = ["hotel.crm.complaint.checklist", "hotel.crm.protected.fields.mixin"]

    def _hotel_protected_fields(self):
        # the step is copied from the handling steps (read-only on the complaint form); who ticked
        # it and when is stamped from "done"; the property is the complaint's (a related field:
        # writing it would move the complaint)
        return {
            **super()._hotel_protected_fields(),
            "name": None,
            "description": None,
            "step_id": None,
            "done_user_id": None,
            "done_date": None,
            "company_id": None,
            "complaint_id": None,
        }

    @api.model_create_multi
    def create(self, vals_list):
        # lines are copied from the steps by the complaint (as superuser); a client adds none
        return super().create(self._hotel_guard_create(vals_list))

    def write(self, vals):
        return super().write(self._hotel_guard_write(vals))


class HotelCrmImprovement(models.Model):
    _name = "hotel.crm.improvement"
    _inherit = ["hotel.crm.improvement", "hotel.crm.protected.fields.mixin"]

    # a duplicated action starts again: it is not completed (and a client may not say it is)
    date_done = fields.Date(copy=False)

    def _hotel_protected_fields(self):
        # stamped when the action reaches the Act stage; the figures follow baseline, target, result
        return {
            **super()._hotel_protected_fields(),
            "date_done": None,
            "improvement_pct": None,
            "target_reached": None,
        }

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(self._hotel_guard_create(vals_list))

    def write(self, vals):
        return super().write(self._hotel_guard_write(vals, company_move=True))


class HotelCrmSlaPolicy(models.Model):
    _name = "hotel.crm.sla.policy"
    _inherit = ["hotel.crm.sla.policy", "hotel.crm.protected.fields.mixin"]

    def write(self, vals):
        return super().write(self._hotel_guard_write(vals, company_move=True))


class HotelCrmCrisisStep(models.Model):
    _name = "hotel.crm.crisis.step"
    _inherit = ["hotel.crm.crisis.step", "hotel.crm.protected.fields.mixin"]

    def write(self, vals):
        return super().write(self._hotel_guard_write(vals, company_move=True))


class HotelCrmCrisisAlert(models.Model):
    _name = "hotel.crm.crisis.alert"
    _inherit = ["hotel.crm.crisis.alert", "hotel.crm.protected.fields.mixin"]

    def _hotel_protected_fields(self):
        # raised and extended by the cron, moved on by its buttons; the user chooses the crisis type
        return {
            **super()._hotel_protected_fields(),
            **dict.fromkeys(
                (
                    "name",
                    "company_id",
                    "kind",
                    "category_id",
                    "window_start",
                    "window_end",
                    "window_hours",
                    "count",
                    "threshold",
                    "spike_key",
                    "state",
                    "complaint_ids",
                    "review_ids",
                    "critical_complaint_id",
                )
            ),
        }

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(self._hotel_guard_create(vals_list))

    def write(self, vals):
        return super().write(self._hotel_guard_write(vals))
