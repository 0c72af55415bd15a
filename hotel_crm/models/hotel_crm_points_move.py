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
LOYALTY_PARAMS = {
    "window_months": ("hotel_crm.loyalty_window_months", 12),
    "expiry_months": ("hotel_crm.points_expiry_months", 24),
    "point_value": ("hotel_crm.point_value", 0.05),
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
    date = fields.Date(required=True, index=True, readonly=True, default=fields.Date.context_today)
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

    # ------------------------------------------------------------------
    # CRUD: append-only
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
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
            return type(default)(float(value)) if isinstance(default, int) else type(default)(value)
        except (TypeError, ValueError):
            return default

    @api.model
    def _cron_hotel_points_expire(self, batch_size=1000):
        """Expire points older than the expiry period (default 24 months), first in first out.

        Per guest, the points earned up to the cut-off date minus every point taken away since
        (redemptions, expiries, negative adjustments consume the oldest points first) are still
        unused: they expire in one ``expire`` move. A few SQL statements per batch of guests.
        """
        months = self._hotel_loyalty_param("expiry_months")
        if months <= 0:
            return 0
        today = fields.Date.context_today(self)
        cutoff = fields.Date.subtract(today, months=months)
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id FROM hotel_crm_points_move
                 GROUP BY partner_id
                HAVING SUM(points) FILTER (WHERE points > 0 AND date <= %(cutoff)s)
                       + COALESCE(SUM(points) FILTER (WHERE points < 0), 0) > 0
                   AND SUM(points) > 0
                 ORDER BY partner_id
                """,
                cutoff=cutoff,
            )
        )
        partner_ids = [row[0] for row in self.env.cr.fetchall()]
        Partner = self.env["res.partner"].sudo()
        name = _("Points earned up to %(date)s expired", date=cutoff)
        count = 0
        for start in range(0, len(partner_ids), batch_size):
            batch = Partner.browse(partner_ids[start : start + batch_size])
            batch._hotel_points_lock()
            # recomputed under the lock: a redemption may have committed since the first query
            self.env.cr.execute(
                SQL(
                    """
                    SELECT partner_id,
                           LEAST(SUM(points) FILTER (WHERE points > 0 AND date <= %(cutoff)s)
                                 + COALESCE(SUM(points) FILTER (WHERE points < 0), 0),
                                 SUM(points))
                      FROM hotel_crm_points_move
                     WHERE partner_id IN %(ids)s
                     GROUP BY partner_id
                    """,
                    cutoff=cutoff,
                    ids=tuple(batch.ids),
                )
            )
            vals_list = [
                {
                    "partner_id": partner_id,
                    "move_type": "expire",
                    "points": -int(expired),
                    "date": today,
                    "name": name,
                }
                for partner_id, expired in self.env.cr.fetchall()
                if expired and expired > 0
            ]
            if vals_list:
                self.sudo().create(vals_list)
                count += len(vals_list)
        return count
