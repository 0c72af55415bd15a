from datetime import timedelta

from markupsafe import Markup

from odoo import _, models


class HotelCrmStay(models.Model):
    """Arrival preparation: a booked stay gets its guest's preferences as arrival notes and one
    'Prepare guest preferences' activity before arrival; a stay that will not happen loses it."""

    _inherit = "hotel.crm.stay"  # pylint: disable=consider-merging-classes-inherited

    def write(self, vals):
        res = super().write(vals)
        if "partner_id" in vals:
            self.filtered(lambda s: s.state == "booked")._hotel_serve_preferences(
                rebuild_notes=True, guest_changed=True
            )
        elif "arrival_date" in vals:
            self.filtered(lambda s: s.state == "booked")._hotel_serve_preferences(rebuild_notes=False)
        return res

    def _hotel_state_changed(self, previous_states):
        res = super()._hotel_state_changed(previous_states)
        self.filtered(lambda s: s.state == "booked")._hotel_serve_preferences(rebuild_notes=True)
        # a guest who will not come needs no room prepared
        self.filtered(lambda s: s.state in ("cancelled", "no_show"))._hotel_preparation_activities().unlink()
        return res

    def _hotel_preference_lines(self, preferences):
        return "\n".join(f"- {p.category_id.name}: {p.value}" for p in preferences)

    def _hotel_preference_responsible(self):
        self.ensure_one()
        return self.company_id.hotel_preference_user_id or self.user_id or self.env.user

    def _hotel_preparation_activities(self):
        """The open 'Prepare guest preferences' activities of these stays (sudo)."""
        activity_type = self.env.ref("hotel_crm.mail_activity_type_hotel_preferences", raise_if_not_found=False)
        if not self.ids or not activity_type:
            return self.env["mail.activity"].sudo()
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )

    def _hotel_serve_preferences(self, rebuild_notes=True, guest_changed=False):
        """Fill arrival notes from the guest's preferences and schedule one preparation activity.

        Idempotent: an open activity of the 'Prepare guest preferences' type is moved, never doubled.
        A stay whose guest has no preference (left) loses its preparation activity, and, when its
        guest was changed (``guest_changed``), the previous guest's arrival notes.
        """
        if not self or self.env.context.get("hotel_no_preference_service"):
            return
        activity_type = self.env.ref("hotel_crm.mail_activity_type_hotel_preferences", raise_if_not_found=False)
        preferences = self.env["hotel.crm.preference"].sudo().search([("partner_id", "in", self.partner_id.ids)])
        by_partner = {}
        for preference in preferences:
            by_partner.setdefault(preference.partner_id.id, self.env["hotel.crm.preference"].sudo())
            by_partner[preference.partner_id.id] |= preference
        existing = {a.res_id: a for a in self._hotel_preparation_activities()}
        stale_activities = self.env["mail.activity"].sudo()
        stale_notes = self.browse()
        for stay in self:
            prefs = by_partner.get(stay.partner_id.id)
            if not prefs:
                stale_activities |= existing.get(stay.id, stale_activities.browse())
                if guest_changed:
                    stale_notes |= stay
                continue
            public = prefs.filtered(lambda p: not p.sensitive)
            sensitive = prefs - public
            if rebuild_notes:
                stay.sudo().write(
                    {
                        "arrival_notes": stay._hotel_preference_lines(public) or False,
                        "arrival_notes_sensitive": stay._hotel_preference_lines(sensitive) or False,
                    }
                )
            if not activity_type:
                continue
            lead_days = stay.company_id.hotel_preference_lead_days
            deadline = stay.arrival_date - timedelta(days=max(lead_days, 0))
            note = Markup("<p>%s</p><ul>%s</ul>") % (
                _("Prepare the room for %(guest)s:", guest=stay.partner_id.name),
                Markup().join(Markup("<li>%s: %s</li>") % (p.category_id.name, p.value) for p in public),
            )
            if sensitive:
                note += Markup("<p>%s</p>") % _(
                    "The guest also has sensitive preferences: see the stay's sensitive arrival notes."
                )
            activity = existing.get(stay.id)
            if activity:
                changes = {}
                if activity.date_deadline != deadline:
                    changes["date_deadline"] = deadline
                if guest_changed:  # the activity still describes the previous guest
                    changes["note"] = note
                if changes:
                    activity.write(changes)
                continue
            stay.sudo().activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=deadline,
                user_id=stay._hotel_preference_responsible().id,
                summary=_("Prepare guest preferences"),
                note=note,
            )
        stale_activities.unlink()
        stale_notes = stale_notes.sudo().filtered(lambda s: s.arrival_notes or s.arrival_notes_sensitive)
        if stale_notes:
            stale_notes.write({"arrival_notes": False, "arrival_notes_sensitive": False})
