import datetime

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

MOVE_TYPES = [
    ("earn", "Earn"),
    ("redeem", "Redeem"),
    ("bonus", "Bonus"),
    ("adjust", "Adjustment"),
    ("expire", "Expiry"),
]
# Moves only the system creates (check-out, expiry cron); people never type them in.
SYSTEM_MOVE_TYPES = ("earn", "expire")
# Moves a manager creates by hand: corrections and goodwill.
MANAGER_MOVE_TYPES = ("adjust", "bonus")
# Programme settings (Settings > Hotel CRM > Loyalty), stored as system parameters because the
# programme is shared by every property of the group.
# The value of one point in money (the points liability, the value of a redeemed reward): a system
# parameter set in the settings, this default until it is set.
POINT_VALUE_PARAM = "hotel_crm.point_value"
POINT_VALUE_DEFAULT = 0.05
LOYALTY_PARAMS = {
    "window_months": ("hotel_crm.loyalty_window_months", 12),
    "expiry_months": ("hotel_crm.points_expiry_months", 24),
    "point_value": (POINT_VALUE_PARAM, POINT_VALUE_DEFAULT),
    "birthday_bonus": ("hotel_crm.birthday_bonus_points", 0),
    "anniversary_bonus": ("hotel_crm.anniversary_bonus_points", 0),
}


class HotelCrmPointsMove(models.Model):
    """The loyalty points ledger: append-only, one line per change of a guest's balance.

    A guest's balance (``res.partner.hotel_points_balance``) is the sum of their moves. Moves are
    never edited or deleted: a correction is a new ``adjust`` move with a reason. Any move that
    takes points away locks the guest row first, so two workers redeeming at the same moment can
    never take the balance below zero.
    """

    _name = "hotel.crm.points.move"
    _description = "Loyalty Points Move"
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id"]

    name = fields.Char(string="Description", required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Guest",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Property",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    date = fields.Date(required=True, index=True, readonly=True, default=lambda self: self.env.company._hotel_today())
    move_type = fields.Selection(MOVE_TYPES, string="Type", required=True, index=True, readonly=True)
    points = fields.Integer(required=True, readonly=True, aggregator="sum")
    stay_id = fields.Many2one(
        "hotel.crm.stay",
        index="btree_not_null",
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    reward_id = fields.Many2one("hotel.crm.reward", readonly=True, ondelete="restrict")
    tier_id = fields.Many2one(
        "hotel.crm.tier",
        readonly=True,
        ondelete="set null",
        help="The guest's tier when the points were earned: its earn rate priced the stay.",
    )
    origin_model = fields.Char(readonly=True)
    origin_id = fields.Many2oneReference(model_field="origin_model", readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Recorded By", readonly=True, default=lambda self: self.env.user, index=True
    )
    label = fields.Char(
        compute="_compute_label",
        compute_sudo=True,
        help="What the move is, in the reader's language (built from its type, stay or reward); "
        "the Description keeps the text as recorded.",
    )

    _sql_constraints = [
        ("points_not_zero", "CHECK(points <> 0)", "A points move must add or take away points."),
        (
            "points_sign",
            "CHECK((move_type IN ('earn', 'bonus') AND points > 0) "
            "OR (move_type IN ('redeem', 'expire') AND points < 0) OR move_type = 'adjust')",
            "Earned and bonus points are positive; redeemed and expired points are negative.",
        ),
        ("earn_has_stay", "CHECK(move_type <> 'earn' OR stay_id IS NOT NULL)", "Points are earned from a stay."),
        (
            "redeem_has_reward",
            "CHECK(move_type <> 'redeem' OR reward_id IS NOT NULL)",
            "A redemption names the reward it pays for.",
        ),
    ]

    def init(self):
        # A stay earns points once, whatever the number of check-outs, re-imports or workers.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS hotel_crm_points_move_earn_stay_uniq
                ON hotel_crm_points_move (stay_id) WHERE move_type = 'earn'
            """
        )

    @api.depends("move_type", "name", "stay_id", "reward_id", "origin_model", "origin_id")
    @api.depends_context("lang")
    def _compute_label(self):
        """The move's description in the language of whoever reads it (a guest on the portal).

        ``name`` is stored once, in the language of the user who created the move (often the
        cron's). System moves get their text again from their type and references; bonuses and
        adjustments without a stay keep the reason a person typed.
        """
        greetings = self.filtered(lambda m: m.origin_model == "hotel.crm.greeting" and m.origin_id)
        greeting_by_id = {
            g.id: g for g in self.env["hotel.crm.greeting"].browse(greetings.mapped("origin_id")).exists()
        }
        occasions = dict(self.env["hotel.crm.greeting"]._fields["occasion"]._description_selection(self.env))
        for move in self:
            stay_ref = move.stay_id and (move.stay_id.external_ref or move.stay_id.display_name)
            greeting = greeting_by_id.get(move.origin_id) if move.origin_model == "hotel.crm.greeting" else None
            if move.move_type == "earn" and move.stay_id:
                move.label = _("Stay %(stay)s", stay=stay_ref)
            elif move.move_type == "redeem" and move.reward_id:
                move.label = _("Redeemed: %(reward)s", reward=move.reward_id.name)
            elif move.move_type == "expire":
                move.label = _("Points expired")
            elif move.move_type == "adjust" and move.stay_id:
                move.label = _("Stay %(stay)s: points corrected", stay=stay_ref)
            elif move.move_type == "bonus" and greeting:
                move.label = _(
                    "%(occasion)s bonus %(year)s", occasion=occasions.get(greeting.occasion), year=greeting.year
                )
            else:
                move.label = move.name

    # ------------------------------------------------------------------
    # CRUD: append-only
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # check what will be written: default_* context keys and ir.default rows included
            vals_list = [self._add_missing_default_values(vals) for vals in vals_list]
        for vals in vals_list:
            self._check_create_allowed(vals)
            if not vals.get("name"):
                vals["name"] = self._default_name(vals.get("move_type"))
        debits = {}
        for vals in vals_list:
            if int(vals.get("points") or 0) < 0 and vals.get("partner_id"):
                debits.setdefault(vals["partner_id"], 0)
                debits[vals["partner_id"]] += int(vals["points"])
        if debits:
            partners = self.env["res.partner"].browse(list(debits))
            partners._hotel_points_lock()
            balances = partners._hotel_points_balance_fresh()
            for partner in partners:
                balance = balances.get(partner.id, 0)
                if balance + debits[partner.id] < 0:
                    raise UserError(
                        _(
                            "Guest %(guest)s has %(balance)s points: taking away %(points)s points would "
                            "make the balance negative.",
                            guest=partner.display_name,
                            balance=balance,
                            points=-debits[partner.id],
                        )
                    )
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        # the ledger is append-only: no code path may change a move, so super() is never reached
        raise UserError(
            _(
                "Points moves cannot be changed (%(moves)s): the ledger is append-only. "
                "Record a correction as a new adjustment with a reason.",
                moves=", ".join(self.mapped("display_name")[:5]),
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            _(
                "Points moves cannot be deleted (%(moves)s): the ledger is append-only. "
                "Record a correction as a new adjustment with a reason.",
                moves=", ".join(self.mapped("display_name")[:5]),
            )
        )

    def _check_create_allowed(self, vals):
        move_type = vals.get("move_type")
        if move_type == "adjust" and not (vals.get("name") or "").strip():
            raise UserError(_("A points adjustment needs a reason (field Description)."))
        if self.env.su:
            return
        if move_type in SYSTEM_MOVE_TYPES:
            raise AccessError(
                _(
                    "%(type)s points moves are created by the system only (check-out, expiry).",
                    type=dict(self._fields["move_type"]._description_selection(self.env)).get(move_type, move_type),
                )
            )
        if move_type in MANAGER_MOVE_TYPES and not self.env.user.has_group("hotel_crm.hotel_crm_group_manager"):
            raise AccessError(_("Only Hotel CRM managers may grant bonus points or adjust a guest's points."))
        # what a person records is dated today and signed by them, whatever the client sends
        company_id = vals.get("company_id")
        vals["date"] = self.env["res.company"].browse(company_id if isinstance(company_id, int) else [])._hotel_today()
        vals["user_id"] = self.env.uid
        if move_type == "redeem":
            self._check_redeem_values(vals)

    def _check_redeem_values(self, vals):
        """A redemption made by a user costs exactly the reward's price and respects its tier."""
        reward = self.env["hotel.crm.reward"].browse(vals.get("reward_id") or []).exists()
        partner = self.env["res.partner"].browse(vals.get("partner_id") or []).exists()
        if not reward or not partner:
            raise UserError(_("A redemption needs an existing guest and reward."))
        if not reward.active:
            raise UserError(_("Reward %(reward)s is no longer offered.", reward=reward.name))
        try:
            points = int(vals.get("points") or 0)
        except (TypeError, ValueError):
            points = 0
        if points != -reward.points_cost:
            raise UserError(
                _(
                    "Reward %(reward)s costs %(cost)s points: a redemption of %(points)s points is not possible.",
                    reward=reward.name,
                    cost=reward.points_cost,
                    points=-points,
                )
            )
        partner._hotel_points_check_reward(reward)

    @api.model
    def _default_name(self, move_type):
        return dict(self._fields["move_type"]._description_selection(self.env)).get(move_type) or _("Points")

    @api.depends("name", "points")
    def _compute_display_name(self):
        for move in self:
            move.display_name = f"{move.name} ({move.points:+d})" if move.points else move.name

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _hotel_loyalty_param(self, key):
        """A programme setting, typed like its default."""
        param, default = LOYALTY_PARAMS[key]
        value = self.env["ir.config_parameter"].sudo().get_param(param)
        if value in (None, False, ""):
            return default
        try:
            value = type(default)(float(value)) if isinstance(default, int) else type(default)(value)
        except (TypeError, ValueError):
            return default
        if key == "window_months":
            # a qualification period of 0 months would end the day it starts: the tier review
            # would find the same guests again at once and take each down one tier per call
            value = max(value, 1)
        return value

    @api.model
    def _hotel_expiry_query(self, cutoff, partner_ids, today=None):
        """Per guest and property: points given up to ``cutoff``, points taken away (up to
        ``today``, default ever), net points (up to ``today``) and the date of the oldest points
        given up to ``cutoff``. ``today`` set: the ledger as it stood that day (history replay)."""
        return SQL(
            """
            SELECT partner_id, company_id,
                   COALESCE(SUM(points) FILTER (WHERE points > 0 AND date <= %(cutoff)s), 0) AS given_old,
                   COALESCE(SUM(points) FILTER (WHERE points < 0), 0) AS taken,
                   SUM(points) AS net,
                   MIN(date) FILTER (WHERE points > 0 AND date <= %(cutoff)s) AS first_date
              FROM hotel_crm_points_move
             WHERE partner_id IN %(ids)s AND %(until)s
             GROUP BY partner_id, company_id
            """,
            cutoff=cutoff,
            ids=tuple(partner_ids),
            until=SQL("date <= %s", today) if today else SQL("TRUE"),
        )

    @api.model
    def _hotel_expiry_split(self, rows):
        """``{company_id: points}`` to expire for one guest, from their per-property rows.

        The guest's total is first in, first out over all properties (as before: every point
        taken away used the oldest points first). It is booked to the properties whose points
        expire, first in, first out within each property: what a property took away (redemptions,
        expiries, negative adjustments) used its own oldest points first, so each property's
        outstanding liability stays its own. What a property took away beyond what it ever gave (a
        guest spending at B points earned at A) used the other properties' oldest points.
        """
        total = sum(row["given_old"] for row in rows) + sum(row["taken"] for row in rows)
        total = max(min(total, sum(row["net"] for row in rows)), 0)
        overdrawn = sum(max(-row["net"], 0) for row in rows)
        result = {}
        for row in sorted(rows, key=lambda r: (r["first_date"] or datetime.date.max, r["company_id"])):
            unused = max(row["given_old"] + row["taken"], 0)
            spent_elsewhere = min(unused, overdrawn)
            overdrawn -= spent_elsewhere
            expired = min(unused - spent_elsewhere, total)
            total -= expired
            if expired > 0:
                result[row["company_id"]] = expired
        return result

    @api.model
    def _cron_hotel_points_expire(self, batch_size=1000, today=None):
        """Expire points older than the expiry period (default 24 months), first in first out.

        Per guest, the points given up to the cut-off date minus every point taken away since are
        still unused: they expire, in one ``expire`` move per property whose points they are (see
        ``_hotel_expiry_split``). A few SQL statements per batch of guests, each batch under lock. Run by
        the cron, one batch per call, progress reported to ``ir.cron``: each batch is committed
        on its own and the cron comes back for the rest. Called directly, all batches run.

        :param date today: run as on that past day (see :meth:`_hotel_points_expire_history`): the
            ledger as it stood that day, the expiry moves dated that day. Default: the property's today.
        :return: the number of expiry moves written
        """
        months = self._hotel_loyalty_param("expiry_months")
        if months <= 0:
            return 0
        # the ledger is the group's: its day is that of the company the job runs in
        history = bool(today)
        today = today or self.env.company._hotel_today()
        cutoff = fields.Date.subtract(today, months=months)
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id FROM hotel_crm_points_move
                 WHERE %(until)s
                 GROUP BY partner_id
                HAVING SUM(points) FILTER (WHERE points > 0 AND date <= %(cutoff)s)
                       + COALESCE(SUM(points) FILTER (WHERE points < 0), 0) > 0
                   AND SUM(points) > 0
                 ORDER BY partner_id
                """,
                cutoff=cutoff,
                until=SQL("date <= %s", today) if history else SQL("TRUE"),
            )
        )
        partner_ids = [row[0] for row in self.env.cr.fetchall()]
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        Partner = self.env["res.partner"].sudo()
        name = _("Points earned up to %(date)s expired", date=cutoff)
        count = 0
        for start in range(0, len(partner_ids), batch_size):
            batch = Partner.browse(partner_ids[start : start + batch_size])
            batch._hotel_points_lock()
            # recomputed under the lock: a redemption may have committed since the first query
            self.env.cr.execute(self._hotel_expiry_query(cutoff, batch.ids, today if history else None))
            rows_by_partner = {}
            for row in self.env.cr.dictfetchall():
                rows_by_partner.setdefault(row["partner_id"], []).append(row)
            vals_list = [
                {
                    "partner_id": partner_id,
                    "company_id": company_id,
                    "move_type": "expire",
                    "points": -int(expired),
                    "date": today,
                    "name": name,
                }
                for partner_id, rows in rows_by_partner.items()
                for company_id, expired in self._hotel_expiry_split(rows).items()
            ]
            if vals_list:
                Partner._hotel_points_book(vals_list)
                count += len(vals_list)
            if in_cron:
                done = start + len(batch)
                self.env["ir.cron"]._notify_progress(done=done, remaining=len(partner_ids) - done)
                break
        return count

    @api.model
    def _hotel_points_expire_history(self, date_to=None):
        """Expire the points of a ledger with history (first run after an import of past stays,
        the demo) as a daily expiry run would have: each expiry dated the day the points lapsed.

        Replays :meth:`_cron_hotel_points_expire` on every day some points turned ``expiry_months``
        old (the days points were given, plus the period), up to ``date_to`` (default today); each
        run sees the ledger as it stood that day, so a redemption made later does not save points
        that had lapsed before it. A run on a day whose points were used or expired already writes
        nothing: calling it again changes nothing.

        :param date date_to: last day replayed (default: the property's today)
        :return: the number of expiry moves written
        """
        months = self._hotel_loyalty_param("expiry_months")
        if months <= 0:
            return 0
        date_to = date_to or self.env.company._hotel_today()
        self.flush_model()
        days = [
            day
            for [day] in self.env.execute_query(
                SQL(
                    "SELECT DISTINCT date FROM hotel_crm_points_move WHERE points > 0 AND date <= %s ORDER BY date",
                    fields.Date.subtract(date_to, months=months),
                )
            )
        ]
        lapse_days = sorted({fields.Date.add(day, months=months) for day in days} | {date_to})
        return sum(self._cron_hotel_points_expire(today=day) for day in lapse_days if day <= date_to)
