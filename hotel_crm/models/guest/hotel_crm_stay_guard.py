from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

# The stay transitions a Hotel CRM user may make by writing ``state``: the buttons' (Check In,
# Check Out, Cancel, No-show) and, for a PMS feed reporting a finished stay, booked to checked out.
# Back to Booked (cancelled or no-show to booked) and any other correction: managers only.
USER_TRANSITIONS = {
    ("booked", "in_house"),
    ("in_house", "checked_out"),
    ("booked", "checked_out"),
    ("booked", "cancelled"),
    ("booked", "no_show"),
}


class HotelCrmStay(models.Model):
    _name = "hotel.crm.stay"
    _inherit = ["hotel.crm.stay", "hotel.crm.protected.fields.mixin"]

    def _hotel_protected_fields(self):
        return {**super()._hotel_protected_fields(), "nights": None, "nights_realised": None, "revenue_total": None}

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(self._hotel_guard_create(vals_list))

    def write(self, vals):
        self._hotel_guard_write(vals, company_move=True)
        self._hotel_check_state_write(vals)
        return super().write(vals)

    def _hotel_check_state_write(self, vals):
        """State changes follow the documented transitions (see ``USER_TRANSITIONS``).

        :raise AccessError: a non-manager's transition outside them, e.g. a cancelled stay put
            back to booked by a direct write, which *Back to Booked* refuses to non-managers.
        """
        if "state" not in vals or self._hotel_is_trusted() or self._hotel_is_manager():
            return
        states = dict(self._fields["state"]._description_selection(self.env))
        for stay in self:
            old = stay.state
            if old != vals["state"] and (old, vals["state"]) not in USER_TRANSITIONS:
                raise AccessError(
                    _(
                        "Stay %(stay)s is %(state)s: only a Hotel CRM manager may make it %(new)s.",
                        stay=stay.display_name,
                        state=states.get(old, old),
                        new=states.get(vals["state"], vals["state"]),
                    )
                )

    def _hotel_check_company_move(self, vals):
        """Moving a stay between properties also needs its loyalty points to be at neither.

        The points a checked-out stay earned are booked at its property: moving the stay would
        leave them there. Such a stay is refused; cancel it and record it at the right property.
        """
        super()._hotel_check_company_move(vals)
        if "company_id" not in vals or self._hotel_is_trusted() or "points_move_ids" not in self._fields:
            return
        moved = self.sudo().filtered(lambda s: s.company_id.id != vals["company_id"])
        booked = moved.filtered("points_move_ids")
        if booked:
            raise UserError(
                _(
                    "Stay %(stay)s has loyalty points booked at its property: it cannot move to another "
                    "property. Cancel it and record the stay at the right property.",
                    stay=booked[:1].with_env(self.env).display_name,
                )
            )

    # the buttons check their transition themselves, then write as the application
    def action_check_in(self):
        return super(HotelCrmStay, self._hotel_trusted()).action_check_in()

    def action_check_out(self):
        return super(HotelCrmStay, self._hotel_trusted()).action_check_out()

    def action_cancel(self):
        return super(HotelCrmStay, self._hotel_trusted()).action_cancel()

    def action_no_show(self):
        return super(HotelCrmStay, self._hotel_trusted()).action_no_show()

    def action_reset_booked(self):
        # super() refuses non-managers (the user is the same in the trusted environment)
        return super(HotelCrmStay, self._hotel_trusted()).action_reset_booked()
