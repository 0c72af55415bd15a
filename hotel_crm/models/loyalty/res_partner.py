from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

TIER_BATCH = 1000
# Set by the loyalty programme only (ledger, tier evaluation), never by a client: see write().
LOYALTY_TIER_FIELDS = ("hotel_tier_id", "hotel_tier_date", "hotel_tier_review_date")
LOYALTY_PROTECTED_FIELDS = (*LOYALTY_TIER_FIELDS, "hotel_points_balance")


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # Loyalty fields are staff-only (groups): a portal guest may read the contacts of their own
    # company (Odoo's portal rule on res.partner), but not a colleague's points or tier. The portal
    # page reads the signed-in guest's own record with sudo().
    hotel_points_move_ids = fields.One2many(
        "hotel.crm.points.move", "partner_id", string="Points Ledger", groups="base.group_user"
    )
    hotel_points_balance = fields.Integer(
        string="Points Balance",
        compute="_compute_hotel_points_balance",
        store=True,
        compute_sudo=True,
        groups="base.group_user",
        help="Sum of the guest's points moves, all properties.",
    )
    hotel_tier_id = fields.Many2one(
        "hotel.crm.tier",
        string="Tier",
        index=True,
        readonly=True,
        copy=False,
        ondelete="restrict",
        groups="base.group_user",
        help="Loyalty tier: raised as soon as the guest qualifies, lowered by at most one tier "
        "at the end of the qualification period.",
    )
    hotel_tier_date = fields.Date(string="Tier Since", readonly=True, copy=False, groups="base.group_user")
    hotel_tier_review_date = fields.Date(
        string="Tier Review",
        readonly=True,
        copy=False,
        index=True,
        groups="base.group_user",
        help="End of the current qualification period: the tier is reviewed on this date.",
    )
    hotel_tier_points = fields.Integer(
        string="Qualifying Points",
        compute="_compute_hotel_tier_progress",
        groups="base.group_user",
        help="Points earned from stays within the qualification window.",
    )
    hotel_tier_nights = fields.Integer(
        string="Qualifying Nights",
        compute="_compute_hotel_tier_progress",
        groups="base.group_user",
        help="Nights of checked-out stays within the qualification window.",
    )
    hotel_next_tier_id = fields.Many2one(
        "hotel.crm.tier", string="Next Tier", compute="_compute_hotel_tier_progress", groups="base.group_user"
    )
    hotel_next_tier_points = fields.Integer(
        string="Points to Next Tier", compute="_compute_hotel_tier_progress", groups="base.group_user"
    )
    hotel_next_tier_nights = fields.Integer(
        string="Nights to Next Tier", compute="_compute_hotel_tier_progress", groups="base.group_user"
    )
    hotel_next_tier_progress = fields.Float(
        string="Progress to Next Tier",
        compute="_compute_hotel_tier_progress",
        groups="base.group_user",
        help="In percent.",
    )
    hotel_readable_points = fields.Integer(
        string="Points, Your Properties",
        compute="_compute_hotel_readable_points",
        groups="base.group_user",
        help="Net points of the moves at all the properties the user may read: the balance when the user "
        "may read every property where the guest earned or spent points.",
    )
    hotel_selected_points = fields.Integer(
        string="Points, Selected Properties",
        compute="_compute_hotel_readable_points",
        groups="base.group_user",
        help="Net points of the moves at the properties selected in the company switcher: those the Loyalty tab lists.",
    )
    hotel_greeting_ids = fields.One2many(
        "hotel.crm.greeting", "partner_id", string="Greetings", groups="base.group_user"
    )

    _sql_constraints = [
        (
            "hotel_points_balance_positive",
            "CHECK(hotel_points_balance >= 0)",
            "A guest's points balance cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("hotel_points_move_ids.points")
    def _compute_hotel_points_balance(self):
        partners = self.filtered("id")
        balances = {}
        if partners:
            groups = self.env["hotel.crm.points.move"]._read_group(
                [("partner_id", "in", partners.ids)], ["partner_id"], ["points:sum"]
            )
            balances = {partner.id: points for partner, points in groups}
        for partner in self:
            partner.hotel_points_balance = balances.get(partner.id, 0)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_hotel_readable_points(self):
        """Net points of the moves the user may read (record rules), at all their properties and
        at the selected ones; one grouped query each."""
        partners = self.filtered("id")
        Move = self.env["hotel.crm.points.move"]
        readable = selected = {}
        if partners:
            domain = [("partner_id", "in", partners.ids)]
            all_theirs = Move.with_context(allowed_company_ids=self.env.user.company_ids.ids)
            readable = {
                partner.id: points for partner, points in all_theirs._read_group(domain, ["partner_id"], ["points:sum"])
            }
            selected = {
                partner.id: points for partner, points in Move._read_group(domain, ["partner_id"], ["points:sum"])
            }
        for partner in self:
            partner.hotel_readable_points = readable.get(partner.id, 0)
            partner.hotel_selected_points = selected.get(partner.id, 0)

    def _hotel_guest_companies(self):
        """Also the properties where the guest earned or spent points."""
        result = super()._hotel_guest_companies()
        groups = (
            self.env["hotel.crm.points.move"]
            .sudo()
            ._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["company_id:array_agg"])
        )
        for partner, company_ids in groups:
            result.setdefault(partner.with_env(self.env), set()).update(cid for cid in company_ids if cid)
        return result

    def _compute_hotel_tier_progress(self):
        partners = self.filtered("id")
        qualification = partners._hotel_tier_qualification() if partners else {}
        ranked = self.env["hotel.crm.tier"]._hotel_ranked()
        for partner in self:
            points, nights = qualification.get(partner.id, (0, 0))
            partner.hotel_tier_points = points
            partner.hotel_tier_nights = nights
            current = partner.sudo().hotel_tier_id
            position = list(ranked).index(current) if current in ranked else -1
            following = ranked[position + 1 : position + 2]
            partner.hotel_next_tier_id = following
            if not following:
                partner.hotel_next_tier_points = 0
                partner.hotel_next_tier_nights = 0
                partner.hotel_next_tier_progress = 100.0 if current else 0.0
                continue
            partner.hotel_next_tier_points = max(following.min_points - points, 0)
            partner.hotel_next_tier_nights = max(following.min_nights - nights, 0)
            ratios = []
            if following.min_points:
                ratios.append(min(points / following.min_points, 1.0))
            if following.min_nights:
                ratios.append(min(nights / following.min_nights, 1.0))
            if not ratios:
                progress = 1.0
            elif following.qualification_rule == "both":
                progress = min(ratios)
            else:
                progress = max(ratios)
            partner.hotel_next_tier_progress = round(progress * 100.0, 1)

    # ------------------------------------------------------------------
    # CRUD: the tier and the balance belong to the programme
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # check what will be written: a client's default_* context keys and its own ir.default
            # rows would otherwise fill the protected fields after this check
            vals_list = [self._add_missing_default_values(vals) for vals in vals_list]
        for vals in vals_list:
            self._hotel_loyalty_check_protected(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._hotel_loyalty_check_protected(vals)
        return super().write(vals)

    def _hotel_loyalty_check_protected(self, vals):
        """Refuse a client's write of the tier or the stored balance.

        Both are the programme's results: the tier unlocks rewards and changes the earn rate, the
        balance is the sum of the ledger. Only the programme's own code, running as superuser
        (``_hotel_tier_evaluate``, the balance compute), sets them; a context key would not do, as
        an RPC caller chooses its context. Writing the value a guest already has is harmless and
        allowed (the partner merge writes back every field of the surviving contact).
        """
        fnames = [fname for fname in LOYALTY_PROTECTED_FIELDS if fname in vals]
        if not fnames or self.env.su:
            return
        if self and all(self._hotel_loyalty_unchanged(vals, fnames)):
            return
        if not self and not any(vals[fname] for fname in fnames):
            return  # a new contact without tier nor balance: the defaults
        labels = ", ".join(self._fields[fname]._description_string(self.env) for fname in fnames)
        raise AccessError(
            _(
                "%(fields)s cannot be set by hand: the loyalty programme sets them from the points "
                "ledger and the guest's stays. Record points with Adjust Points.",
                fields=labels,
            )
        )

    def _hotel_loyalty_unchanged(self, vals, fnames):
        """For each partner, whether ``vals`` leaves ``fnames`` as they are."""
        for partner in self.sudo():
            unchanged = True
            for fname in fnames:
                field = self._fields[fname]
                new = field.convert_to_record(field.convert_to_cache(vals[fname], partner), partner)
                unchanged = unchanged and new == partner[fname]
            yield unchanged

    # ------------------------------------------------------------------
    # Points: the public API other features call
    #
    # Every points move is created by _hotel_points_book, the ledger's one entry; features call
    # it through the verbs below, or directly for a batch of moves of their own:
    # - _hotel_points_grant: trusted server code gives (or takes) points (complaint compensation,
    #   a manager's bonus from code, demo data);
    # - _hotel_points_redeem: a user spends a guest's points on a reward, with the user's rights;
    # - _hotel_points_book on sudo(): batches of system moves (check-out earn and its corrections,
    #   expiry, birthday and anniversary bonuses);
    # - _hotel_points_book in the user's environment: a manager's adjustment (the ledger checks
    #   who may create which move type).
    # _hotel_points_lock and _hotel_points_balance_fresh serve the ledger's balance check.
    # ------------------------------------------------------------------
    @api.model
    def _hotel_points_book(self, vals_list):
        """Write moves to the points ledger: the one place where ``hotel.crm.points.move`` rows are created.

        Runs with the caller's rights, so that the ledger's own checks apply to everyone: a
        user's redemption or adjustment is checked as that user (move types, manager rights, the
        reward's price and tier); trusted server code calls it on ``sudo()``. In every case the
        ledger locks the guests whose moves take points away and refuses a negative balance.

        :param list vals_list: ``hotel.crm.points.move`` values, each with at least ``partner_id``,
            ``move_type`` and ``points`` (integer, positive to give, negative to take away).
        :return: the new moves, in this method's environment
        :raise UserError: a balance would become negative, an adjustment has no reason, ...
        :raise AccessError: the caller may not create such a move (system or manager move types)
        """
        return self.env["hotel.crm.points.move"].create(vals_list)

    def _hotel_points_grant(self, points, move_type="bonus", reason=None, origin=None, **extra):
        """Give (or, for ``adjust``, take) ``points`` to every guest of ``self``; one move each.

        Trusted server code only (complaint compensation, greetings, ...): the move is written
        with superuser rights; the caller decides who may trigger it.

        :param int points: points per guest; positive for ``bonus``, any sign for ``adjust``.
        :param str move_type: ``bonus`` (default), ``adjust``, or ``earn``/``redeem``/``expire``
            when the matching keys (``stay_id``/``reward_id``) are given in ``extra``.
        :param str reason: description shown in the ledger and on the portal (required for
            ``adjust``).
        :param origin: optional record the points come from (e.g. a complaint); kept as
            ``origin_model``/``origin_id`` on the move.
        :param extra: other ``hotel.crm.points.move`` values, e.g. ``company_id``, ``date``,
            ``stay_id``, ``reward_id``.
        :return: the new ``hotel.crm.points.move`` records (in the caller's environment).
        :raise UserError: when the points would make a balance negative, or ``points`` is 0.
        """
        if not self:
            return self.env["hotel.crm.points.move"]
        try:
            points = int(points)
        except (TypeError, ValueError):
            raise UserError(_("Points must be a whole number, not %(value)s.", value=points))
        if not points:
            raise UserError(_("Granting 0 points to %(guests)s makes no sense.", guests=self[:3].mapped("name")))
        vals = {"move_type": move_type, "points": points, **extra}
        if reason:
            vals["name"] = reason
        if origin is not None and origin:
            origin.ensure_one()
            vals["origin_model"] = origin._name
            vals["origin_id"] = origin.id
        moves = self.sudo()._hotel_points_book([{**vals, "partner_id": p.id} for p in self])
        return moves.with_env(self.env)

    def _hotel_points_lock(self):
        """Lock the guests' rows until the end of the transaction (ordered by id: no deadlock).

        Every move that takes points away is written under this lock, so a second worker
        redeeming for the same guest waits, then fails with a serialization error (and Odoo
        retries its request, which then sees the new balance) instead of spending the points twice.
        """
        if self.ids:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM res_partner WHERE id IN %s ORDER BY id FOR NO KEY UPDATE",
                    tuple(self.ids),
                )
            )

    def _hotel_points_balance_fresh(self):
        """``{partner_id: balance}`` straight from the ledger (call under the lock)."""
        if not self.ids:
            return {}
        self.env["hotel.crm.points.move"].flush_model(["partner_id", "points"])
        self.env.cr.execute(
            SQL(
                "SELECT partner_id, SUM(points) FROM hotel_crm_points_move WHERE partner_id IN %s GROUP BY partner_id",
                tuple(self.ids),
            )
        )
        return dict(self.env.cr.fetchall())

    def _hotel_points_redeem(self, reward, note=None):
        """Spend the reward's points for this guest; refused when the balance is short or the tier too low."""
        self.ensure_one()
        reward.ensure_one()
        self._hotel_points_check_reward(reward)
        name = _("Redeemed: %(reward)s", reward=reward.name)
        if note:
            name = f"{name} ({note})"
        return self._hotel_points_book(
            [
                {
                    "partner_id": self.id,
                    "move_type": "redeem",
                    "points": -reward.points_cost,
                    "reward_id": reward.id,
                    "name": name,
                    "company_id": (reward.company_id or self.env.company).id,
                }
            ]
        )

    def _hotel_points_check_reward(self, reward):
        """Raise ``UserError`` unless the guest's tier reaches the reward's minimum tier."""
        self.ensure_one()
        min_tier = reward.sudo().min_tier_id
        if not min_tier:
            return
        tier = self.sudo().hotel_tier_id
        ranked = self.env["hotel.crm.tier"]._hotel_ranked()
        if min_tier not in ranked:
            raise UserError(
                _(
                    "Reward %(reward)s requires tier %(tier)s, which is no longer part of the programme: "
                    "ask a manager to update the reward.",
                    reward=reward.name,
                    tier=min_tier.name,
                )
            )
        if not tier or tier not in ranked or ranked.ids.index(tier.id) < ranked.ids.index(min_tier.id):
            raise UserError(
                _(
                    "Reward %(reward)s is for %(tier)s members and above; guest %(guest)s is %(current)s.",
                    reward=reward.name,
                    tier=min_tier.name,
                    guest=self.display_name,
                    current=tier.name or _("not a member yet"),
                )
            )

    # ------------------------------------------------------------------
    # Tiers
    # ------------------------------------------------------------------
    def _hotel_tier_qualification(self, date_to=None):
        """``{partner_id: (points, nights)}`` earned from stays in the window ending ``date_to``.

        Two grouped queries for the whole recordset. Qualifying points are the earn moves and
        their corrections (adjustments tied to a stay); bonus points do not qualify.
        """
        if not self.ids:
            return {}
        Move = self.env["hotel.crm.points.move"]
        date_to = date_to or self.env.company._hotel_today()
        date_from = fields.Date.subtract(date_to, months=Move._hotel_loyalty_param("window_months"))
        result = dict.fromkeys(self.ids, (0, 0))
        moves = Move.sudo()._read_group(
            [
                ("partner_id", "in", self.ids),
                ("stay_id", "!=", False),
                ("move_type", "in", ("earn", "adjust")),
                ("date", ">", date_from),
                ("date", "<=", date_to),
            ],
            ["partner_id"],
            ["points:sum"],
        )
        for partner, points in moves:
            result[partner.id] = (max(points or 0, 0), 0)
        stays = (
            self.env["hotel.crm.stay"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("state", "=", "checked_out"),
                    ("departure_date", ">", date_from),
                    ("departure_date", "<=", date_to),
                ],
                ["partner_id"],
                ["nights:sum"],
            )
        )
        for partner, nights in stays:
            result[partner.id] = (result[partner.id][0], nights or 0)
        return result

    def _hotel_tier_evaluate(self, review=False):
        """Give every guest of ``self`` the tier they qualify for.

        Upgrades (and the first tier) apply at once and open a new qualification period. With
        ``review=True`` (end of the period, see the cron) a guest who no longer qualifies goes down
        one tier only (soft landing); a guest who still qualifies keeps the tier for a new period.
        Every change is logged in the guest's chatter. Returns ``{partner_id: (old, new)}``.
        """
        partners = self.filtered(lambda p: p.id and p.hotel_guest)
        if not partners:
            return {}
        Tier = self.env["hotel.crm.tier"]
        ranked = Tier._hotel_ranked()
        if not ranked:
            return {}
        rank = {tier.id: index for index, tier in enumerate(ranked)}
        today = self.env.company._hotel_today()
        review_date = fields.Date.add(
            today, months=self.env["hotel.crm.points.move"]._hotel_loyalty_param("window_months")
        )
        qualification = partners._hotel_tier_qualification(today)
        # the tier fields are refused to users (write() above): every write here is the programme's
        changes, renew = {}, self.sudo().browse()
        for partner in partners.sudo():
            points, nights = qualification.get(partner.id, (0, 0))
            qualified = Tier._hotel_tier_for(points, nights, ranked)
            current = partner.hotel_tier_id
            if not current or current.id not in rank:
                changes[partner.id] = (current, qualified, "join", points, nights)
            elif rank[qualified.id] > rank[current.id]:
                changes[partner.id] = (current, qualified, "upgrade", points, nights)
            elif review and rank[qualified.id] < rank[current.id]:
                changes[partner.id] = (current, ranked[rank[current.id] - 1], "downgrade", points, nights)
            elif review:
                renew |= partner
        by_tier = {}
        for partner_id, (_old, new, _kind, _p, _n) in changes.items():
            by_tier.setdefault(new, []).append(partner_id)
        Partner = self.env["res.partner"].sudo()
        for tier, ids in by_tier.items():
            Partner.browse(ids).write(
                {"hotel_tier_id": tier.id, "hotel_tier_date": today, "hotel_tier_review_date": review_date}
            )
        if renew:
            renew.write({"hotel_tier_review_date": review_date})
        if changes:
            # in the language of the property the run is for (the guest's chatter is read by its staff)
            in_lang = self.with_context(lang=self.env.company._hotel_message_lang())
            Partner.browse(list(changes))._message_log_batch(
                {
                    partner_id: in_lang._hotel_tier_message(kind, old, new, points, nights, review_date)
                    for partner_id, (old, new, kind, points, nights) in changes.items()
                }
            )
        return {partner_id: (old, new) for partner_id, (old, new, _k, _p, _n) in changes.items()}

    @api.model
    def _hotel_tier_message(self, kind, old, new, points, nights, review_date):
        texts = {
            "join": _("Welcome to the loyalty programme: tier %(new)s."),
            "upgrade": _("Tier upgraded from %(old)s to %(new)s."),
            "downgrade": _(
                "Tier lowered from %(old)s to %(new)s at the end of the qualification period (soft landing)."
            ),
        }
        detail = _(
            "Qualifying points: %(points)s, qualifying nights: %(nights)s. Next review: %(review)s.",
            points=points,
            nights=nights,
            review=review_date,
        )
        return Markup("<p>%s</p><p>%s</p>") % (texts[kind] % {"old": old.name, "new": new.name}, detail)

    @api.model
    def _hotel_tier_reevaluate_for(self, tiers):
        """Give the tiers at once to the guests below them who now qualify (thresholds lowered).

        One SQL query finds the candidates: guests without a tier or with a lower one whose
        qualifying points or nights (same window as ``_hotel_tier_qualification``) reach one of
        the thresholds; ``_hotel_tier_evaluate`` then decides exactly, by batches.
        """
        ranked = self.env["hotel.crm.tier"]._hotel_ranked()
        tiers = tiers.filtered(lambda t: t in ranked)
        if not tiers:
            return {}
        Move = self.env["hotel.crm.points.move"]
        date_to = self.env.company._hotel_today()
        date_from = fields.Date.subtract(date_to, months=Move._hotel_loyalty_param("window_months"))
        conditions = []
        for tier in tiers:
            below = ranked[: ranked.ids.index(tier.id)]
            thresholds = []
            if tier.min_points:
                thresholds.append(SQL("COALESCE(q.points, 0) >= %s", tier.min_points))
            if tier.min_nights:
                thresholds.append(SQL("COALESCE(n.nights, 0) >= %s", tier.min_nights))
            conditions.append(
                SQL(
                    "((p.hotel_tier_id IS NULL OR p.hotel_tier_id IN %s) AND (%s))",
                    tuple(below.ids) or (0,),
                    # an entry tier (no threshold) takes in the guests with stays in the window only
                    SQL(" OR ").join(thresholds)
                    if thresholds
                    else SQL("(q.partner_id IS NOT NULL OR n.partner_id IS NOT NULL)"),
                )
            )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH q AS (
                    SELECT partner_id, GREATEST(SUM(points), 0) AS points FROM hotel_crm_points_move
                     WHERE stay_id IS NOT NULL AND move_type IN ('earn', 'adjust')
                       AND date > %(date_from)s AND date <= %(date_to)s
                     GROUP BY partner_id
                ), n AS (
                    SELECT partner_id, SUM(nights) AS nights FROM hotel_crm_stay
                     WHERE state = 'checked_out' AND departure_date > %(date_from)s AND departure_date <= %(date_to)s
                     GROUP BY partner_id
                )
                SELECT p.id FROM res_partner p
                  LEFT JOIN q ON q.partner_id = p.id
                  LEFT JOIN n ON n.partner_id = p.id
                 WHERE p.hotel_guest AND (%(conditions)s)
                 ORDER BY p.id
                """,
                date_from=date_from,
                date_to=date_to,
                conditions=SQL(" OR ").join(conditions),
            )
        )
        partner_ids = [row[0] for row in self.env.cr.fetchall()]
        changes = {}
        Partner = self.sudo().with_context(active_test=False)
        for start in range(0, len(partner_ids), TIER_BATCH):
            changes.update(Partner.browse(partner_ids[start : start + TIER_BATCH])._hotel_tier_evaluate())
        return changes

    @api.model
    def _cron_hotel_tier_review(self, batch_size=TIER_BATCH):
        """End of qualification periods: soft downgrade or renewal, by batches of guests.

        Run by the cron, one batch per call with its progress reported to ``ir.cron``: each
        batch is committed on its own (short locks) and the cron comes back for the rest, as every
        reviewed guest gets a new review date. Called directly, all batches run.
        """
        if not self.env["hotel.crm.tier"]._hotel_ranked():
            return 0
        today = self.env.company._hotel_today()
        domain = [("hotel_guest", "=", True), ("hotel_tier_review_date", "<=", today), ("hotel_tier_id", "!=", False)]
        # archived guests keep their tier too; tiers are ranked among active tiers only (_hotel_ranked)
        Partner = self.sudo().with_context(active_test=False)
        partners = Partner.search(domain, order="id")
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        for start in range(0, len(partners), batch_size):
            partners[start : start + batch_size]._hotel_tier_evaluate(review=True)
            if in_cron:
                done = min(start + batch_size, len(partners))
                self.env["ir.cron"]._notify_progress(done=done, remaining=len(partners) - done)
                break
        return len(partners)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_hotel_view_points(self):
        """The guest's points moves at every property the user may read (not only those selected
        in the company switcher): for a user of all the guest's properties they add up to the balance.

        :return: the points moves' window action for this guest
        """
        action = self._hotel_guest_action("hotel_crm.hotel_crm_points_move_action")
        action["context"] = {**action["context"], "allowed_company_ids": self.env.user.company_ids.ids}
        return action

    def action_hotel_redeem_points(self):
        return self._hotel_guest_action("hotel_crm.hotel_crm_points_redeem_action", own_records=False)

    def action_hotel_adjust_points(self):
        return self._hotel_guest_action("hotel_crm.hotel_crm_points_adjust_action", own_records=False)

    def action_hotel_evaluate_tier(self):
        self._hotel_tier_evaluate()
        return True
