"""Points and tiers of imported stays, per batch.

Row by row, each checked-out stay earns at its guest's tier of the moment and the guest's tier is
evaluated right after it (``_hotel_loyalty_sync_points``), so a guest crossing a threshold in the
middle of a batch earns the next stays at the higher rate. The batch does the same in one pass
over the rows in their order, from each guest's tier and qualification read once, then writes the
earn moves in one INSERT; the guests' balances and new tiers are written with the batch's one
UPDATE of its guests (``_import_update_guests``).
"""

from collections import namedtuple

from odoo import _, fields, models
from odoo.tools import SQL

from ..guest.hotel_crm_stay_import import GuestUpdate, insert_records

# what ``hotel.crm.tier._hotel_earn_points`` reads of a stay
StayRevenue = namedtuple("StayRevenue", "revenue_room revenue_fnb revenue_other revenue_total")


class HotelCrmStay(models.Model):
    _inherit = "hotel.crm.stay"  # pylint: disable=consider-merging-classes-inherited

    def _import_stays_created(self, rows):
        parts = super()._import_stays_created(rows)
        if not self.env.context.get("hotel_loyalty_no_points"):
            checked = [(sid, row) for sid, row in zip(self.ids, rows, strict=True) if row["state"] == "checked_out"]
            if checked:
                parts += self._import_loyalty_earn(checked)
        return parts

    def _import_loyalty_earn(self, checked):
        """Earn moves and tiers for the new checked-out stays ``[(stay_id, row)]``, in row order.

        :return: the parts (``GuestUpdate``) of the batch's UPDATE of its guests: the points
            balances and the tiers that changed.
        """
        Tier = self.env["hotel.crm.tier"]
        ranked = Tier._hotel_ranked()
        if not ranked:
            return []
        Move = self.env["hotel.crm.points.move"].sudo()
        # the qualification window ends today in the importing company, as the ledger's day is
        today = self.env.company._hotel_today()
        date_from = fields.Date.subtract(today, months=Move._hotel_loyalty_param("window_months"))
        partners = self.env["res.partner"].sudo().browse({row["partner_id"] for _sid, row in checked})
        # the guests' standing before these stays (their nights are in the table already)
        qualification = partners._hotel_tier_qualification(today)
        standing = {p.id: [p.hotel_tier_id, *qualification.get(p.id, (0, 0))] for p in partners}
        for _sid, row in checked:
            if date_from < row["departure_date"] <= today:
                standing[row["partner_id"]][2] -= row["nights"]
        before = {pid: values[0] for pid, values in standing.items()}
        moves = self._import_loyalty_walk(checked, standing, ranked, date_from, today)
        if moves:
            insert_records(Move, moves)
        return self._import_loyalty_set_tiers(before, standing, ranked, today)

    def _import_loyalty_walk(self, checked, standing, ranked, date_from, today):
        """The earn moves of ``checked``; ``standing`` (``{partner_id: [tier, points, nights]}``)
        updated stay after stay as each check-out would: priced at the tier of the moment, then
        the tier raised if the guest now qualifies (upgrades only, as outside the review)."""
        Tier = self.env["hotel.crm.tier"]
        entry = ranked[:1]
        rank = {tier.id: index for index, tier in enumerate(ranked)}
        template = _("Stay %(stay)s")
        tier_for = {}
        moves = []
        for stay_id, row in checked:
            state = standing[row["partner_id"]]
            tier = state[0] or entry
            revenue = StayRevenue(*(row.get(f) or 0.0 for f in StayRevenue._fields))
            points = tier._hotel_earn_points(revenue)
            day = min(row["departure_date"], today)
            if points > 0:
                moves.append(
                    {
                        "name": template % {"stay": row["external_ref"]},
                        "partner_id": row["partner_id"],
                        "company_id": row["company_id"],
                        "move_type": "earn",
                        "points": points,
                        "stay_id": stay_id,
                        "tier_id": tier.id,
                        "date": day,
                        "user_id": self.env.uid,
                    }
                )
                if date_from < day <= today:
                    state[1] += points
            if date_from < row["departure_date"] <= today:
                state[2] += row["nights"]
            key = (max(state[1], 0), state[2])
            if key not in tier_for:
                tier_for[key] = Tier._hotel_tier_for(*key, ranked)
            qualified = tier_for[key]
            if not state[0] or state[0].id not in rank or rank[qualified.id] > rank[state[0].id]:
                state[0] = qualified
        return moves

    def _import_loyalty_set_tiers(self, before, standing, ranked, today):
        """The guests' points balances and the tiers that changed, as parts of the batch's UPDATE
        of its guests; the tier changes logged in the guests' chatter unless loading history.

        The balance is the stored compute ``_compute_hotel_points_balance`` (the sum of the
        guest's ledger), computed by PostgreSQL for the batch's guests at once instead of being
        recomputed and written back by the ORM in statements of a hundred guests; the tier fields
        are what ``_hotel_tier_evaluate`` writes.
        """
        rank = {tier.id: index for index, tier in enumerate(ranked)}
        changed = {pid: values for pid, values in standing.items() if values[0] != before[pid]}
        Partner = self.env["res.partner"].sudo()
        partner_ids = sorted(standing)
        # the moves' insert marked these balances to recompute guest by guest: done in the UPDATE
        self.env.remove_to_compute(Partner._fields["hotel_points_balance"], Partner.browse(partner_ids))
        balance = SQL(
            """SELECT x.id AS partner_id, COALESCE(SUM(m.points), 0) AS balance
                 FROM unnest(%(ids)s::int[]) AS x(id)
                 LEFT JOIN hotel_crm_points_move m ON m.partner_id = x.id
                GROUP BY x.id""",
            ids=partner_ids,
        )
        parts = [
            GuestUpdate("pts", balance, {"hotel_points_balance": SQL("COALESCE(pts.balance, p.hotel_points_balance)")})
        ]
        if not changed:
            return parts
        review_date = fields.Date.add(
            today, months=self.env["hotel.crm.points.move"]._hotel_loyalty_param("window_months")
        )
        tier_pids = list(changed)
        tiers = SQL(
            "SELECT * FROM unnest(%s::int[], %s::int[]) AS t(partner_id, tier_id)",
            tier_pids,
            [changed[pid][0].id for pid in tier_pids],
        )
        parts.append(
            GuestUpdate(
                "tier",
                tiers,
                {
                    "hotel_tier_id": SQL("COALESCE(tier.tier_id, p.hotel_tier_id)"),
                    "hotel_tier_date": SQL(
                        "CASE WHEN tier.tier_id IS NULL THEN p.hotel_tier_date ELSE %s::date END", today
                    ),
                    "hotel_tier_review_date": SQL(
                        "CASE WHEN tier.tier_id IS NULL THEN p.hotel_tier_review_date ELSE %s::date END", review_date
                    ),
                },
            )
        )
        if self.env.context.get("hotel_import_history"):
            return parts
        # tier fields are the programme's (sudo) and untracked: a message says what changed
        bodies = {}
        for pid, (tier, points, nights) in changed.items():
            old = before[pid]
            kind = "upgrade" if old and old.id in rank else "join"
            bodies[pid] = Partner._hotel_tier_message(kind, old, tier, max(points, 0), nights, review_date)
        Partner.browse(list(bodies))._message_log_batch(bodies)
        return parts
