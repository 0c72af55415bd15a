from markupsafe import Markup

from odoo import _, fields, models

from ..guest.hotel_crm_stay import REVENUE_FIELDS


class HotelCrmStay(models.Model):
    _inherit = "hotel.crm.stay"  # pylint: disable=consider-merging-classes-inherited

    points_move_ids = fields.One2many("hotel.crm.points.move", "stay_id")
    points_earned = fields.Integer(
        string="Points",
        compute="_compute_points_earned",
        help="Points this stay brought to the guest, corrections included.",
    )

    def _compute_points_earned(self):
        groups = (
            self.env["hotel.crm.points.move"]
            .sudo()
            ._read_group([("stay_id", "in", self.ids)], ["stay_id"], ["points:sum"])
        )
        points = {stay.id: total for stay, total in groups}
        for stay in self:
            stay.points_earned = points.get(stay.id, 0)

    def write(self, vals):
        res = super().write(vals)
        if any(fname in vals for fname in (*REVENUE_FIELDS, "partner_id")):
            # revenue corrected or stay moved to another guest after check-out
            self._hotel_loyalty_sync_points()
        return res

    def _hotel_state_changed(self, previous_states):
        res = super()._hotel_state_changed(previous_states)
        self.filtered(
            lambda s: s.state == "checked_out" or previous_states.get(s.id) == "checked_out"
        )._hotel_loyalty_sync_points()
        return res

    # ------------------------------------------------------------------
    # Loyalty
    # ------------------------------------------------------------------
    def _hotel_loyalty_target(self, tier):
        """Points the stay should give its guest now: its revenue at the tier's rate once checked out."""
        self.ensure_one()
        if self.state != "checked_out" or not tier:
            return 0
        return tier._hotel_earn_points(self)

    def _hotel_loyalty_sync_points(self):
        """Bring each stay's points to what it should have earned; idempotent.

        - first time a checked-out stay is seen: one ``earn`` move (the database allows only one
          per stay), priced at the guest's current tier, dated at the departure;
        - revenue corrected, stay cancelled or moved to another guest afterwards: an ``adjust``
          move with the difference (priced at the tier of the original earn), never taking a
          balance below zero (what cannot be taken back is noted in the guest's chatter).
        """
        stays = self.filtered("id")
        if not stays or self.env.context.get("hotel_loyalty_no_points"):
            return
        Move = self.env["hotel.crm.points.move"].sudo()
        Tier = self.env["hotel.crm.tier"]
        ranked = Tier._hotel_ranked()
        entry_tier = ranked[:1]
        earns = {
            move.stay_id.id: move
            for move in Move.search_fetch(
                [("stay_id", "in", stays.ids), ("move_type", "=", "earn")], ["stay_id", "partner_id", "tier_id"]
            )
        }
        net, partners_by_stay = {}, {}
        for stay, partner, points in Move._read_group(
            [("stay_id", "in", stays.ids), ("move_type", "in", ("earn", "adjust"))],
            ["stay_id", "partner_id"],
            ["points:sum"],
        ):
            net[stay.id, partner.id] = points
            partners_by_stay.setdefault(stay.id, set()).add(partner.id)
        today_by_company = self.env["res.company"]._hotel_today_by_company(stays.company_id)
        earn_vals, adjust_vals = [], []
        for stay in stays.sudo():
            earn = earns.get(stay.id)
            tier = earn.tier_id if earn else (stay.partner_id.hotel_tier_id or entry_tier)
            target = stay._hotel_loyalty_target(tier or entry_tier)
            partner_ids = partners_by_stay.get(stay.id, set()) | {stay.partner_id.id}
            for partner_id in sorted(partner_ids):
                wanted = target if partner_id == stay.partner_id.id else 0
                delta = wanted - net.get((stay.id, partner_id), 0)
                if not delta:
                    continue
                if not earn and delta > 0 and partner_id == stay.partner_id.id:
                    earn_vals.append(
                        {
                            "partner_id": partner_id,
                            "move_type": "earn",
                            "points": delta,
                            "stay_id": stay.id,
                            "company_id": stay.company_id.id,
                            "tier_id": tier.id,
                            "date": min(stay.departure_date, today_by_company[stay.company_id.id]),
                            "name": _("Stay %(stay)s", stay=stay.external_ref or stay.display_name),
                        }
                    )
                    continue
                adjust_vals.append(
                    {
                        "partner_id": partner_id,
                        "move_type": "adjust",
                        "points": delta,
                        "stay_id": stay.id,
                        "company_id": stay.company_id.id,
                        "tier_id": tier.id if tier else False,
                        "date": today_by_company[stay.company_id.id],
                        "name": stay._hotel_loyalty_adjust_reason(partner_id),
                    }
                )
        if adjust_vals:
            adjust_vals = self._hotel_loyalty_cap_debits(adjust_vals)
        if earn_vals or adjust_vals:
            self.env["res.partner"].sudo()._hotel_points_book(earn_vals + adjust_vals)
        # nights and points both qualify: the guests of checked-out stays may move up now
        stays.filtered(lambda s: s.state == "checked_out").partner_id._hotel_tier_evaluate()

    def _hotel_loyalty_adjust_reason(self, partner_id):
        self.ensure_one()
        ref = self.external_ref or self.display_name
        if partner_id != self.partner_id.id:
            return _("Stay %(stay)s moved to another guest: points reversed", stay=ref)
        if self.state != "checked_out":
            state = dict(self._fields["state"]._description_selection(self.env))[self.state]
            return _("Stay %(stay)s is now %(state)s: points reversed", stay=ref, state=state)
        return _("Stay %(stay)s revenue corrected", stay=ref)

    def _hotel_loyalty_cap_debits(self, vals_list):
        """Never take back more than a guest holds: cap negative moves at the balance, under lock."""
        debit_partners = self.env["res.partner"].browse({v["partner_id"] for v in vals_list if v["points"] < 0})
        if not debit_partners:
            return vals_list
        debit_partners._hotel_points_lock()
        balances = debit_partners._hotel_points_balance_fresh()
        capped = []
        for vals in vals_list:
            if vals["points"] < 0:
                available = max(balances.get(vals["partner_id"], 0), 0)
                wanted = -vals["points"]
                taken = min(wanted, available)
                balances[vals["partner_id"]] = available - taken
                if taken < wanted:
                    partner = self.env["res.partner"].browse(vals["partner_id"])
                    company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                    lang_env = self.with_context(lang=company._hotel_message_lang()).env
                    partner.sudo()._message_log(
                        body=Markup("<p>%s</p>")
                        % lang_env._(
                            "%(reason)s: %(wanted)s points should be taken back but the guest only had "
                            "%(taken)s left; %(missing)s points could not be recovered.",
                            reason=vals["name"],
                            wanted=wanted,
                            taken=taken,
                            missing=wanted - taken,
                        )
                    )
                if not taken:
                    continue
                vals = {**vals, "points": -taken}
            capped.append(vals)
        return capped
