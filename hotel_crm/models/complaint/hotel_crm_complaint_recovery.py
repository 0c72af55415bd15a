from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .common import COMPENSATION_TYPES, STAFF

# the points a non-manager may grant as compensation; above it a manager must decide
POINTS_CAP_PARAM = "hotel_crm.complaint_compensation_points_cap"


class HotelCrmComplaint(models.Model):
    """Service recovery: compensation (money or loyalty points), the guest's satisfaction with the
    resolution, and whether the guest came back (recovered)."""

    _inherit = "hotel.crm.complaint"  # pylint: disable=consider-merging-classes-inherited

    currency_id = fields.Many2one(related="company_id.currency_id")
    compensation_type = fields.Selection(COMPENSATION_TYPES, default="none", required=True, tracking=True, groups=STAFF)
    compensation_amount = fields.Monetary(currency_field="currency_id", tracking=True, groups=STAFF)
    compensation_points = fields.Integer(
        string="Points Granted",
        tracking=True,
        groups=STAFF,
        help="Loyalty points booked for the guest when the complaint is resolved. Above the cap set in the "
        "system parameter hotel_crm.complaint_compensation_points_cap (default 0) only a manager may set them.",
    )
    compensation_points_granted = fields.Boolean(
        string="Points Booked",
        readonly=True,
        copy=False,
        groups=STAFF,
        help="The points were written to the loyalty ledger.",
    )
    compensation_note = fields.Text(groups=STAFF)
    guest_satisfied = fields.Boolean(
        tracking=True, groups=STAFF, help="The guest said they were satisfied with the resolution."
    )
    satisfaction_date = fields.Datetime(
        string="Satisfaction Checked",
        copy=False,
        groups=STAFF,
        help="When the guest was asked whether they were satisfied; stamped when Guest Satisfied is set.",
    )
    satisfaction_note = fields.Text(string="Guest Feedback", groups=STAFF)
    recovered = fields.Boolean(
        compute="_compute_recovered",
        store=True,
        compute_sudo=True,
        groups=STAFF,
        help="The guest checked out another stay that began after the complaint was resolved, within the "
        "property's recovery window.",
    )

    _sql_constraints = [
        ("compensation_amount_positive", "CHECK(compensation_amount >= 0)", "A compensation cannot be negative."),
        ("compensation_points_positive", "CHECK(compensation_points >= 0)", "Compensation points cannot be negative."),
    ]

    @api.depends(
        "resolved_date",
        "partner_id",
        "stay_id",
        "company_id.hotel_complaint_recovery_days",
        "partner_id.hotel_stay_ids.state",
        "partner_id.hotel_stay_ids.arrival_date",
    )
    def _compute_recovered(self):
        """One stay query per batch: checked-out stays of the batch's guests that began after resolution."""
        candidates = self.filtered(lambda c: c.resolved_date and c.partner_id)
        (self - candidates).recovered = False
        if not candidates:
            return
        first = min(candidates.mapped("resolved_date")).date()
        stays = (
            self.env["hotel.crm.stay"]
            .sudo()
            .search_read(
                [
                    ("partner_id", "in", candidates.partner_id.ids),
                    ("state", "=", "checked_out"),
                    ("arrival_date", ">=", first),
                ],
                ["partner_id", "arrival_date"],
                order="arrival_date",
            )
        )
        by_partner = defaultdict(list)
        for stay in stays:
            by_partner[stay["partner_id"][0]].append((stay["id"], stay["arrival_date"]))
        for complaint in candidates:
            start = complaint.resolved_date.date()
            end = start + timedelta(days=complaint.company_id.hotel_complaint_recovery_days or 365)
            complaint.recovered = any(
                stay_id != complaint.stay_id.id and start <= arrival <= end
                for stay_id, arrival in by_partner.get(complaint.partner_id.id, ())
            )

    @api.constrains("compensation_type", "compensation_amount", "compensation_points", "partner_id")
    def _check_compensation(self):
        for complaint in self:
            if complaint.compensation_amount < 0 or complaint.compensation_points < 0:
                raise ValidationError(
                    _("Complaint %(complaint)s: a compensation cannot be negative.", complaint=complaint.display_name)
                )
            if complaint.compensation_type == "points" and not complaint.partner_id:
                raise ValidationError(
                    _(
                        "Complaint %(complaint)s: points can only be granted to a guest; set the Guest first.",
                        complaint=complaint.display_name,
                    )
                )
            if complaint.compensation_points and complaint.compensation_type != "points":
                raise ValidationError(
                    _(
                        "Complaint %(complaint)s: Points Granted is only used with the 'Loyalty Points' "
                        "compensation type.",
                        complaint=complaint.display_name,
                    )
                )

    def _hotel_check_compensation_points(self, points):
        """Points are money: above the cap (system parameter, default 0) only a manager grants them."""
        if not points or points <= 0 or self._hotel_is_manager():
            return
        cap = int(self.env["ir.config_parameter"].sudo().get_param(POINTS_CAP_PARAM, "0") or 0)
        if points > cap:
            raise UserError(
                _(
                    "Only a Hotel CRM manager may grant %(points)s loyalty points as compensation (your limit "
                    "is %(cap)s points): ask a manager to set or book them.",
                    points=points,
                    cap=cap,
                )
            )

    @api.model
    def _hotel_recovery_prepare_create_vals(self, vals, now):
        """Refuse points above the caller's cap; a complaint created satisfied is stamped ``now``.
        Changes ``vals`` in place."""
        self._hotel_check_compensation_points(vals.get("compensation_points"))
        if vals.get("guest_satisfied"):
            vals.setdefault("satisfaction_date", now)

    def _hotel_satisfaction_to_stamp(self, vals):
        """The complaints whose Guest Satisfied answer changes in ``vals`` without a date: ticking
        it is the answer to the follow-up, stamped when it was given."""
        if "guest_satisfied" not in vals or "satisfaction_date" in vals:
            return self.browse()
        return self.filtered(lambda c: c.guest_satisfied != bool(vals["guest_satisfied"]) or not c.satisfaction_date)

    def _hotel_on_resolved(self):
        """Called after complaints enter a resolved stage: book points, ask the guest if satisfied."""
        self.filtered(lambda c: c.compensation_type == "points")._hotel_grant_compensation_points()
        self._hotel_schedule_followup()

    def _hotel_schedule_followup(self):
        """One 'check the guest's satisfaction' activity per resolved complaint (the follow-up step of the handling)."""
        activity_type = self.env.ref("hotel_crm.mail_activity_type_hotel_complaint_followup", raise_if_not_found=False)
        if not activity_type:
            return
        todo = self.filtered(lambda c: not c.satisfaction_date and c.partner_id and not c.is_closed)
        if not todo:
            return
        existing = set(
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", todo.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        for complaint in todo.filtered(lambda c: c.id not in existing).sudo():
            complaint.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=(complaint.user_id or self.env.user).id,
                summary=_("Ask %(guest)s whether the solution satisfied them", guest=complaint.partner_id.name),
            )

    def _hotel_grant_compensation_points(self):
        """Book each points compensation as a ``bonus`` move in the loyalty ledger, once.

        The complaint rows are locked first, so two workers never book the same compensation
        twice; the move goes through the ledger's public API (``res.partner._hotel_points_grant``)
        with the complaint as its origin.
        :return: the created ``hotel.crm.points.move`` records
        """
        Move = self.env["hotel.crm.points.move"]
        todo = self.filtered(
            lambda c: (
                c.compensation_type == "points" and c.compensation_points > 0 and not c.compensation_points_granted
            )
        )
        if not todo:
            return Move
        self.env.cr.execute(
            SQL(
                "SELECT id FROM hotel_crm_complaint "
                "WHERE id IN %s AND NOT COALESCE(compensation_points_granted, FALSE) FOR UPDATE",
                tuple(todo.ids),
            )
        )
        todo &= self.browse([row[0] for row in self.env.cr.fetchall()])
        for complaint in todo:
            move = complaint.partner_id._hotel_points_grant(
                complaint.compensation_points,
                move_type="bonus",
                reason=_("Compensation for complaint %(complaint)s", complaint=complaint.display_name),
                origin=complaint,
                company_id=complaint.company_id.id,
                date=complaint.company_id._hotel_today(),
            )
            Move |= move
            complaint.message_post(
                body=_("%(points)s loyalty points granted as compensation.", points=move.points),
                subtype_xmlid="mail.mt_note",
            )
        todo.sudo().write({"compensation_points_granted": True})
        return Move

    def action_grant_compensation(self):
        self._hotel_ensure_one()
        if self.compensation_type != "points":
            raise UserError(
                _(
                    "Complaint %(complaint)s: only a 'Loyalty Points' compensation is booked from here.",
                    complaint=self.display_name,
                )
            )
        if "hotel.crm.points.move" not in self.env:
            raise UserError(_("The loyalty points ledger is not installed: the points cannot be booked."))
        self._hotel_check_compensation_points(self.compensation_points)
        self._hotel_grant_compensation_points()
        return True

    def action_mark_satisfied(self):
        self._hotel_ensure_one()
        self.write({"guest_satisfied": True, "satisfaction_date": fields.Datetime.now()})
        self.activity_feedback(["hotel_crm.mail_activity_type_hotel_complaint_followup"])
        return True

    def action_mark_unsatisfied(self):
        self._hotel_ensure_one()
        self.write({"guest_satisfied": False, "satisfaction_date": fields.Datetime.now()})
        self.activity_feedback(["hotel_crm.mail_activity_type_hotel_complaint_followup"])
        return True
