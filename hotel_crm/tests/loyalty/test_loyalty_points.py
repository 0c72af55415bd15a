from datetime import date, timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from ..common import LoyaltyCase


@tagged("post_install", "-at_install", "hotel_crm_loyalty")
class TestLoyaltyPoints(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(cls.env, login="loyalty_frontdesk", groups="hotel_crm.hotel_crm_group_user")
        cls.manager = new_test_user(cls.env, login="loyalty_manager", groups="hotel_crm.hotel_crm_group_manager")

    # ------------------------------------------------------------------
    # earn
    # ------------------------------------------------------------------
    def test_earn_once_on_checkout(self):
        guest = self._guest("Earn Once")
        stay = self._stay(guest, room=1234.56, fnb=100, state="booked", arrival=date.today() - timedelta(days=2))
        self.assertFalse(self._moves(guest), "a booked stay earns nothing")
        stay.with_user(self.user).action_check_in()
        self.assertFalse(self._moves(guest), "an in-house stay earns nothing yet")
        stay.with_user(self.user).action_check_out()
        earn = self._moves(guest, "earn")
        self.assertEqual(len(earn), 1)
        self.assertEqual(earn.points, 1334, "Member earns 1 point per unit of revenue, rounded down")
        self.assertEqual(earn.stay_id, stay)
        self.assertEqual(earn.tier_id, self.member)
        self.assertEqual(earn.date, stay.departure_date)
        self.assertEqual(guest.hotel_points_balance, 1334)
        self.assertEqual(guest.hotel_tier_id, self.silver, "1334 qualifying points reach Silver at once")
        # checked out a second time (PMS sends the check-out again after a correction of state)
        stay.write({"state": "in_house"})
        stay.write({"state": "checked_out"})
        self.assertEqual(len(self._moves(guest, "earn")), 1, "still one earn move")
        self.assertEqual(sum(self._moves(guest).mapped("points")), 1334)
        self.assertEqual(guest.hotel_points_balance, 1334)
        self.assertEqual(stay.points_earned, 1334)

    def test_earn_once_on_reimport(self):
        Stay = self.env["hotel.crm.stay"]
        row = {
            "external_ref": "LOY-IMP-1",
            "arrival_date": "2026-01-05",
            "departure_date": "2026-01-08",
            "state": "checked_out",
            "revenue_room": 900,
            "revenue_fnb": 99.9,
            "email": "reimport.guest@example.com",
            "name": "Reimport Guest",
        }
        first = Stay.import_stays([row])
        self.assertEqual((first["created"], first["errors"]), (1, []))
        second = Stay.import_stays([row])
        self.assertEqual((second["created"], second["updated"], second["errors"]), (0, 0, []))
        guest = self.env["res.partner"].search([("email", "=", "reimport.guest@example.com")])
        self.assertEqual(len(self._moves(guest, "earn")), 1)
        self.assertEqual(guest.hotel_points_balance, 999)
        # the PMS corrects the revenue: the difference is adjusted, never a second earn
        third = Stay.import_stays([{**row, "revenue_fnb": 49.9}])
        self.assertEqual(third["updated"], 1)
        adjust = self._moves(guest, "adjust")
        self.assertEqual(adjust.mapped("points"), [-50])
        self.assertIn("revenue corrected", adjust.name)
        self.assertEqual(guest.hotel_points_balance, 949)
        self.assertEqual(len(self._moves(guest, "earn")), 1)

    def test_earn_unique_in_database(self):
        guest = self._guest("Unique Earn")
        stay = self._stay(guest, room=500)
        Move = self.env["hotel.crm.points.move"].sudo()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            Move.create({"partner_id": guest.id, "move_type": "earn", "points": 500, "stay_id": stay.id})
            Move.flush_model()
        self.assertEqual(guest.hotel_points_balance, 500)

    def test_earn_rate_per_tier_and_category(self):
        guest = self._guest("Gold Diner")
        guest.sudo().write({"hotel_tier_id": self.gold.id})
        self.gold.write({"earn_by_category": True, "earn_rate_room": 1.5, "earn_rate_fnb": 3.0, "earn_rate_other": 0.0})
        self._stay(guest, room=1000, fnb=200, other=500)
        self.assertEqual(self._moves(guest, "earn").points, 2100, "1000 x 1.5 + 200 x 3 + 500 x 0")

    def test_reversal_on_cancel_and_reinstatement(self):
        guest = self._guest("Cancelled Later")
        stay = self._stay(guest, room=800)
        self.assertEqual(guest.hotel_points_balance, 800)
        stay.write({"state": "cancelled"})  # as a PMS import would after a late cancellation
        adjust = self._moves(guest, "adjust")
        self.assertEqual(adjust.points, -800)
        self.assertEqual(adjust.stay_id, stay)
        self.assertIn("points reversed", adjust.name)
        self.assertEqual(guest.hotel_points_balance, 0)
        self.assertEqual(stay.points_earned, 0)
        stay.write({"state": "checked_out"})
        self.assertEqual(guest.hotel_points_balance, 800, "reinstated by an adjustment")
        self.assertEqual(len(self._moves(guest, "earn")), 1)
        self.assertEqual(sorted(self._moves(guest, "adjust").mapped("points")), [-800, 800])

    def test_revenue_correction_and_guest_change(self):
        guest = self._guest("Corrected")
        other = self._guest("Real Payer")
        stay = self._stay(guest, room=1000)
        stay.write({"revenue_room": 1200})
        self.assertEqual(guest.hotel_points_balance, 1200)
        stay.write({"partner_id": other.id})
        self.assertEqual(guest.hotel_points_balance, 0)
        self.assertEqual(other.hotel_points_balance, 1200)
        self.assertFalse(self._moves(other, "earn"), "the stay already earned once: the new guest gets an adjustment")
        self.assertEqual(stay.points_earned, 1200, "+1200 -1200 for the first guest, +1200 for the second")

    def test_reversal_never_below_zero(self):
        guest = self._guest("Spent Already")
        stay = self._stay(guest, room=1000)
        guest._hotel_points_redeem(self.reward_breakfast)
        self.assertEqual(guest.hotel_points_balance, 500)
        stay.write({"state": "cancelled"})
        self.assertEqual(self._moves(guest, "adjust").points, -500, "only what is left is taken back")
        self.assertEqual(guest.hotel_points_balance, 0)
        note = guest.message_ids.filtered(lambda m: "could not be recovered" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("500 points could not be recovered", note.body)

    # ------------------------------------------------------------------
    # redeem
    # ------------------------------------------------------------------
    def test_redeem_with_wizard(self):
        guest = self._guest("Redeemer")
        self._stay(guest, room=700)
        action = guest.with_user(self.user).action_hotel_redeem_points()
        wizard_form = Form(self.env[action["res_model"]].with_user(self.user).with_context(**action["context"]))
        wizard_form.reward_id = self.reward_breakfast
        self.assertEqual(wizard_form.balance_after, 200)
        wizard_form.save().action_redeem()
        redeem = self._moves(guest, "redeem")
        self.assertEqual((redeem.points, redeem.reward_id), (-500, self.reward_breakfast))
        self.assertEqual(redeem.user_id, self.user)
        self.assertEqual(guest.hotel_points_balance, 200)
        self.assertEqual(self.reward_breakfast.redeem_count, 1)

    def test_redeem_beyond_balance_refused(self):
        guest = self._guest("Short Of Points")
        self._stay(guest, room=499)
        wizard_form = Form(self.env["hotel.crm.points.redeem"].with_context(default_partner_id=guest.id))
        wizard_form.reward_id = self.reward_breakfast
        self.assertEqual(wizard_form.balance_after, -1)
        wizard = wizard_form.save()
        with self.assertRaisesRegex(UserError, "Short Of Points has 499 points"):
            wizard.action_redeem()
        # the ledger itself refuses, whatever the entry point
        with self.assertRaisesRegex(UserError, "would make the balance negative"):
            guest._hotel_points_redeem(self.reward_breakfast)
        self.assertFalse(self._moves(guest, "redeem"))
        self.assertEqual(guest.hotel_points_balance, 499)

    def test_redeem_needs_tier(self):
        guest = self._guest("Member Wants Suite")
        self._stay(guest, room=900)
        self.assertEqual(guest.hotel_tier_id, self.member)
        with self.assertRaisesRegex(UserError, "Gold members and above"):
            guest._hotel_points_redeem(self.reward_suite)
        guest.sudo().write({"hotel_tier_id": self.platinum.id})
        guest._hotel_points_redeem(self.reward_suite)
        self.assertEqual(guest.hotel_points_balance, 100)

    def test_redeem_by_rpc_cannot_choose_its_values(self):
        """A front-desk user creating a redemption over RPC pays the price, meets the tier, today, as themselves."""
        guest = self._guest("Bargain Hunter")
        self._stay(guest, room=900)
        self.assertEqual((guest.hotel_points_balance, guest.hotel_tier_id), (900, self.member))
        expensive = self.env["hotel.crm.reward"].create(
            {"name": "Test presidential suite", "category": "free_night", "points_cost": 12000}
        )
        Move = self.env["hotel.crm.points.move"].with_user(self.user)
        redeem = {"partner_id": guest.id, "move_type": "redeem"}
        with self.assertRaisesRegex(UserError, "costs 12000 points"):
            Move.create({**redeem, "reward_id": expensive.id, "points": -1})
        with self.assertRaisesRegex(UserError, "costs 500 points"):
            Move.create({**redeem, "reward_id": self.reward_breakfast.id, "points": -499})
        with self.assertRaisesRegex(UserError, "Gold members and above"):
            Move.create({**redeem, "reward_id": self.reward_suite.id, "points": -800})
        self.reward_breakfast.active = False
        with self.assertRaisesRegex(UserError, "no longer offered"):
            Move.create({**redeem, "reward_id": self.reward_breakfast.id, "points": -500})
        self.reward_breakfast.active = True
        move = Move.create(
            {
                **redeem,
                "reward_id": self.reward_breakfast.id,
                "points": -500,
                "date": "2020-01-01",
                "user_id": self.manager.id,
            }
        )
        self.assertEqual(move.date, date.today(), "the server dates the move, it cannot be backdated")
        self.assertEqual(move.user_id, self.user, "the server signs the move with the real user")
        self.assertEqual(guest.hotel_points_balance, 400)

    def test_loyalty_fields_not_writable_by_hand(self):
        """Tier, tier dates and the stored balance are the programme's results, not client input."""
        contact_user = new_test_user(
            self.env,
            login="loyalty_contact_creator",
            groups="base.group_user,base.group_partner_manager,hotel_crm.hotel_crm_group_user",
        )
        guest = self._guest("Would Be Platinum")
        self._stay(guest, room=300)
        self.assertEqual(guest.hotel_tier_id, self.member)
        as_user = guest.with_user(contact_user)
        for vals in (
            {"hotel_tier_id": self.platinum.id},
            {"hotel_points_balance": 99999},
            {"hotel_tier_review_date": "2099-12-31"},
            {"name": "Renamed", "hotel_tier_date": "2001-01-01"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(AccessError, "cannot be set by hand"):
                as_user.write(vals)
        with self.assertRaisesRegex(AccessError, "cannot be set by hand"):
            self.env["res.partner"].with_user(contact_user).create(
                {"name": "Born Gold", "hotel_guest": True, "hotel_tier_id": self.gold.id}
            )
        # nor through the client's context defaults, which Odoo applies after create()'s own values
        with self.assertRaisesRegex(AccessError, "cannot be set by hand"):
            self.env["res.partner"].with_user(contact_user).with_context(default_hotel_tier_id=self.gold.id).create(
                {"name": "Born Gold by Default", "hotel_guest": True}
            )
        self.assertFalse(self.env["res.partner"].search([("name", "like", "Born Gold")]))
        self.assertEqual((guest.hotel_tier_id, guest.hotel_points_balance), (self.member, 300))
        self.assertEqual(guest.name, "Would Be Platinum", "the refused write changed nothing")
        # other fields stay editable, and writing back the current values (as the merge wizard does) is harmless
        as_user.write({"phone": "+86 571 8888 0000", "hotel_tier_id": self.member.id})
        self.assertEqual(guest.phone, "+86 571 8888 0000")
        self.env["res.partner"].with_user(contact_user).create(
            {"name": "Plain Guest", "hotel_guest": True, "hotel_tier_id": False, "hotel_points_balance": 0}
        )
        # the programme itself (superuser) still sets them
        guest.sudo().write({"hotel_tier_id": self.gold.id})
        self.assertEqual(guest.hotel_tier_id, self.gold)

    # ------------------------------------------------------------------
    # ledger rules and access rights
    # ------------------------------------------------------------------
    def test_ledger_is_append_only(self):
        guest = self._guest("Append Only")
        self._stay(guest, room=300)
        move = self._moves(guest)
        with self.assertRaisesRegex(UserError, "append-only"):
            move.write({"points": 3000})
        with self.assertRaisesRegex(UserError, "append-only"):
            move.unlink()
        self.assertEqual(move.points, 300)

    def test_adjust_manager_only_with_reason(self):
        guest = self._guest("Adjusted")
        self._stay(guest, room=300)
        # a front-desk user cannot adjust nor grant bonus points, neither by wizard nor by RPC
        with self.assertRaises(AccessError):
            self.env["hotel.crm.points.adjust"].with_user(self.user).create(
                {"partner_id": guest.id, "points": 50, "reason": "try"}
            )
        Move = self.env["hotel.crm.points.move"]
        for move_type in ("adjust", "bonus", "earn", "expire"):
            with self.subTest(move_type=move_type), self.assertRaises(AccessError):
                Move.with_user(self.user).create(
                    {"partner_id": guest.id, "move_type": move_type, "points": 50 if move_type != "expire" else -50,
                     "name": "by hand"}
                )  # fmt: skip
        # a manager can, with a reason
        with self.assertRaisesRegex(UserError, "needs a reason"):
            Move.with_user(self.manager).create({"partner_id": guest.id, "move_type": "adjust", "points": -20})
        wizard_form = Form(self.env["hotel.crm.points.adjust"].with_user(self.manager).with_context(
            default_partner_id=guest.id))  # fmt: skip
        wizard_form.points = -120
        wizard_form.reason = "Breakfast charged twice was refunded in cash"
        self.assertEqual(wizard_form.balance_after, 180)
        wizard_form.save().action_apply()
        adjust = self._moves(guest, "adjust")
        self.assertEqual((adjust.points, adjust.name, adjust.user_id), (-120, wizard_form.reason, self.manager))
        self.assertEqual(guest.hotel_points_balance, 180)
        # not below zero either
        with self.assertRaisesRegex(UserError, "would make the balance negative"):
            Move.with_user(self.manager).create(
                {"partner_id": guest.id, "move_type": "adjust", "points": -181, "name": "too much"}
            )
        # a user may read the ledger but not the adjustment wizard's menu action
        self.assertEqual(len(Move.with_user(self.user).search([("partner_id", "=", guest.id)])), 2)

    def test_grant_api(self):
        """The entry point other features (complaint compensation, greetings) call."""
        guest = self._guest("Compensated")
        stay = self._stay(guest, room=100)
        move = guest.with_user(self.user)._hotel_points_grant(
            250, "bonus", reason="Complaint compensation: noisy room", origin=stay, company_id=self.company.id
        )
        self.assertEqual((move.move_type, move.points, move.name), ("bonus", 250, "Complaint compensation: noisy room"))
        self.assertEqual((move.origin_model, move.origin_id), ("hotel.crm.stay", stay.id))
        self.assertEqual(guest.hotel_points_balance, 350)
        self.assertEqual(guest.hotel_tier_points, 100, "bonus points do not qualify for tiers")
        with self.assertRaisesRegex(UserError, "balance negative"):
            guest._hotel_points_grant(-351, "adjust", reason="too much")
        with self.assertRaisesRegex(UserError, "0 points"):
            guest._hotel_points_grant(0)
        with self.assertRaisesRegex(UserError, "needs a reason"):
            guest._hotel_points_grant(-10, "adjust")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            guest._hotel_points_grant(-10, "bonus", reason="a negative bonus")
        self.assertEqual(guest.hotel_points_balance, 350)

    def test_merge_duplicate_guests_keeps_points(self):
        guest = self._guest("Merge Keeper", email="merge.keeper@example.com")
        duplicate = self._guest("Merge Keeper (dup)", email="merge.keeper@example.com")
        self._stay(guest, room=700)
        self._stay(duplicate, room=600)
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((guest | duplicate).ids, dst_partner=guest)
        self.assertFalse(duplicate.exists())
        self.assertEqual(len(self._moves(guest, "earn")), 2)
        self.assertEqual(guest.hotel_points_balance, 1300, "the duplicate's points follow the guest")
        self.assertEqual(guest.hotel_tier_id, self.silver, "1300 qualifying points together: Silver")

    def test_merge_by_manager_keeps_the_tier(self):
        """The tier is refused from users, but a manager's merge still hands it to a survivor without one."""
        guest = self._guest("Merge Survivor", email="merge.survivor@example.com")
        duplicate = self._guest("Merge Survivor (dup)", email="merge.survivor@example.com")
        self._stay(duplicate, room=1500)
        self.assertEqual((guest.hotel_tier_id, duplicate.hotel_tier_id), (self.env["hotel.crm.tier"], self.silver))
        wizard = self.env["base.partner.merge.automatic.wizard"].with_user(self.manager).create({})
        wizard._merge((guest | duplicate).ids, dst_partner=guest.with_user(self.manager))
        self.assertFalse(duplicate.exists())
        self.assertEqual(guest.hotel_tier_id, self.silver)
        self.assertEqual(guest.hotel_points_balance, 1500)

    def test_configuration_rights_and_property_isolation(self):
        with self.assertRaises(AccessError):
            self.env["hotel.crm.reward"].with_user(self.user).create({"name": "Free spa", "points_cost": 10})
        with self.assertRaises(AccessError):
            self.silver.with_user(self.user).write({"earn_rate": 5.0})
        self.env["hotel.crm.reward"].with_user(self.manager).create({"name": "Free spa", "points_cost": 10})
        self.silver.with_user(self.manager).write({"earn_rate": 1.3})
        # a front-desk user of one property does not see the ledger of another property
        other_property = self.env["res.company"].create({"name": "Loyalty Other Property"})
        guest = self._guest("Two Properties")
        self._stay(guest, room=100)
        self._stay(guest, room=200, company_id=other_property.id)
        self.assertEqual(guest.hotel_points_balance, 300, "the balance counts every property")
        visible = self.env["hotel.crm.points.move"].with_user(self.user).search([("partner_id", "=", guest.id)])
        self.assertEqual(visible.mapped("points"), [100])
        self.assertEqual(guest.with_user(self.user).hotel_points_balance, 300)

    def test_move_type_by_context_default_is_checked(self):
        """default_move_type in the client's context cannot turn a user's move into a bonus."""
        guest = self._guest("Bonus Hunter")
        Move = self.env["hotel.crm.points.move"].with_user(self.user)
        with self.assertRaisesRegex(AccessError, "Only Hotel CRM managers may grant bonus points"):
            Move.with_context(default_move_type="bonus").create({"partner_id": guest.id, "points": 5000})
        with self.assertRaises(AccessError):
            Move.with_context(default_move_type="earn").create({"partner_id": guest.id, "points": 5000})
        self.assertEqual(guest.hotel_points_balance, 0)
        self.assertFalse(self._moves(guest))

    def test_tier_review_as_user_and_window_never_zero(self):
        """The review renews a still-qualified guest's period whoever runs it; a 0-month window is
        read as one month, so a review date always lies ahead."""
        guest = self._guest("Steady Silver")
        self._stay(guest, room=1200)
        self.assertEqual(guest.hotel_tier_id, self.silver)
        self.env["ir.config_parameter"].sudo().set_param("hotel_crm.loyalty_window_months", 0)
        self.assertEqual(self.env["hotel.crm.points.move"]._hotel_loyalty_param("window_months"), 1)
        changes = guest.with_user(self.user)._hotel_tier_evaluate(review=True)
        self.assertEqual(changes, {}, "still qualifies: no change of tier")
        today = fields.Date.context_today(guest)
        self.assertEqual(guest.hotel_tier_review_date, fields.Date.add(today, months=1), "a new period of one month")
        with self.assertRaisesRegex(ValidationError, "at least one month"):
            self.env["res.config.settings"].create({"hotel_loyalty_window_months": 0})
