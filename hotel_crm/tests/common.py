"""Test bases of hotel_crm: one root, specialised per capability.

``HotelCrmCommon`` is the root: two fresh properties, a user of each hotel_crm group and the
helpers that create guests and stays, independent of demo data. Each capability specialises it
with what only its tests need:

- ``LoyaltyCase``: known tiers, rewards and loyalty settings; stays with revenue and a state;
- ``TestValueCommon``: guests with their stays in one call, value recomputed in isolation;
- ``ComplaintCommon``: a routed complaint category, its department and a guest with a stay.

Each base runs its records in the context of ``env_context`` (the root disables tracking; a
specialisation may add keys or, like the loyalty tests that read the chatter, clear it).
"""

from datetime import date, timedelta

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

# The day the guest value tests freeze time to (``@freeze_time(TODAY)``)
TODAY = date(2025, 6, 30)


class HotelCrmCommon(TransactionCase):
    """Two fresh properties and a user of each hotel_crm group, independent of demo data."""

    env_context = {"tracking_disable": True}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls.env_context:
            cls.env = cls.env(context=dict(cls.env.context, **cls.env_context))
        cls.property_a = cls.env["res.company"].create({"name": "Test Lakeside Hotel"})
        cls.property_b = cls.env["res.company"].create({"name": "Test Harbour Hotel"})
        cls.properties = cls.property_a | cls.property_b
        common = {"company_id": cls.property_a.id, "company_ids": [(6, 0, cls.property_a.ids)]}
        cls.user_front = new_test_user(
            cls.env, login="hc_front", groups="base.group_user,hotel_crm.hotel_crm_group_user", **common
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="hc_manager",
            groups="base.group_user,hotel_crm.hotel_crm_group_manager",
            company_id=cls.property_a.id,
            company_ids=[(6, 0, cls.properties.ids)],
        )
        cls.user_sensitive = new_test_user(
            cls.env,
            login="hc_sensitive",
            groups="base.group_user,hotel_crm.hotel_crm_group_user,hotel_crm.hotel_crm_group_sensitive",
            **common,
        )
        cls.Partner = cls.env["res.partner"]
        cls.Stay = cls.env["hotel.crm.stay"]
        cls.category = {c.code: c for c in cls.env["hotel.crm.preference.category"].search([])}

    @classmethod
    def _guest(cls, name, **vals):
        """A hotel guest named ``name``; ``vals`` are further ``res.partner`` values."""
        return cls.env["res.partner"].create({"name": name, "hotel_guest": True, **vals})

    @classmethod
    def _stay(cls, guest, arrival, departure, company=None, **vals):
        """A stay of ``guest`` at ``company`` (default: ``property_a``); ``vals`` override any value."""
        return cls.Stay.create(
            {
                "partner_id": guest.id,
                "company_id": (company or cls.property_a).id,
                "arrival_date": arrival,
                "departure_date": departure,
                **vals,
            }
        )


class LoyaltyCase(HotelCrmCommon):
    """Known tiers, rewards and settings for the loyalty tests, whatever the demo data holds.

    Records are created with tracking on (the tier tests read the chatter), and stays default to
    the current company, as the stay form does.
    """

    env_context = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ICP = cls.env["ir.config_parameter"].sudo()
        ICP.set_param("hotel_crm.loyalty_window_months", 12)
        ICP.set_param("hotel_crm.points_expiry_months", 24)
        ICP.set_param("hotel_crm.point_value", 0.1)
        ICP.set_param("hotel_crm.birthday_bonus_points", 0)
        ICP.set_param("hotel_crm.anniversary_bonus_points", 0)
        cls.member = cls.env.ref("hotel_crm.hotel_crm_tier_member")
        cls.silver = cls.env.ref("hotel_crm.hotel_crm_tier_silver")
        cls.gold = cls.env.ref("hotel_crm.hotel_crm_tier_gold")
        cls.platinum = cls.env.ref("hotel_crm.hotel_crm_tier_platinum")
        # lowest first, so that the ordering constraint holds after every write
        for tier, vals in (
            (cls.member, {"sequence": 10, "min_points": 0, "min_nights": 0, "earn_rate": 1.0}),
            (cls.silver, {"sequence": 20, "min_points": 1000, "min_nights": 10, "earn_rate": 1.25}),
            (cls.gold, {"sequence": 30, "min_points": 3000, "min_nights": 20, "earn_rate": 1.5}),
            (cls.platinum, {"sequence": 40, "min_points": 6000, "min_nights": 40, "earn_rate": 2.0}),
        ):
            tier.write({**vals, "earn_by_category": False, "qualification_rule": "either", "active": True})
        cls.env["hotel.crm.tier"].search(
            [("id", "not in", (cls.member | cls.silver | cls.gold | cls.platinum).ids)]
        ).write({"active": False})
        cls.reward_breakfast = cls.env["hotel.crm.reward"].create(
            {"name": "Test breakfast", "category": "breakfast", "points_cost": 500}
        )
        cls.reward_suite = cls.env["hotel.crm.reward"].create(
            {"name": "Test suite night", "category": "free_night", "points_cost": 800, "min_tier_id": cls.gold.id}
        )
        cls.company = cls.env.company
        cls._ref = 0

    @classmethod
    def _stay(cls, partner, room=0.0, fnb=0.0, other=0.0, state="checked_out", arrival=None, nights=2, **vals):
        """A stay of ``nights`` nights arriving ``arrival`` (default: ten days ago) at the current
        company, with its room, F&B and other revenue and a reservation number of its own."""
        cls._ref += 1
        arrival = arrival or (date.today() - timedelta(days=10))
        return super()._stay(
            partner,
            arrival,
            arrival + timedelta(days=nights),
            company=cls.company,
            external_ref=vals.pop("external_ref", f"LOYT{cls._ref:05d}"),
            revenue_room=room,
            revenue_fnb=fnb,
            revenue_other=other,
            state=state,
            **vals,
        )

    def _moves(self, partner, move_type=None):
        domain = [("partner_id", "=", partner.id)]
        if move_type:
            domain.append(("move_type", "=", move_type))
        return self.env["hotel.crm.points.move"].sudo().search(domain)


class TestValueCommon(HotelCrmCommon):
    """Guests of a fresh property, computed in isolation (``partner_ids``) so that demo data does not count."""

    env_context = {**HotelCrmCommon.env_context, "mail_create_nolog": True}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.property_a
        cls.ref_no = 0

    @classmethod
    def _guest(cls, name, stays=(), company=None, **vals):
        """Create a guest and its stays: ``stays`` = [(arrival, nights, revenue, state, extra vals)]."""
        guest = super()._guest(name, **vals)
        cls._stays(guest, stays, company=company)
        return guest

    @classmethod
    def _stays(cls, guest, stays, company=None):
        vals_list = []
        for stay in stays:
            arrival, nights, revenue = stay[:3]
            state = stay[3] if len(stay) > 3 else "checked_out"
            extra = stay[4] if len(stay) > 4 else {}
            cls.ref_no += 1
            vals_list.append(
                {
                    "partner_id": guest.id,
                    "company_id": (company or cls.company).id,
                    "external_ref": f"VT{cls.ref_no:06d}",
                    "arrival_date": arrival,
                    "departure_date": arrival + timedelta(days=nights),
                    "revenue_room": revenue,
                    "state": state,
                    **extra,
                }
            )
        return cls.Stay.with_context(hotel_no_preference_service=True).create(vals_list)

    def _recompute(self, partners, company=None, **kwargs):
        Partner = self.Partner.with_company(company or self.company)
        return Partner.hotel_recompute_value(partner_ids=partners.ids, **kwargs)

    def _segments(self, partners):
        return [p.hotel_value_segment for p in partners]


class ComplaintCommon(HotelCrmCommon):
    """A complaint category routed to a department of ``company`` (``property_a``), its responsible
    agent and manager, and a guest with a stay; ``other_company`` is ``property_b``.

    ``category`` is the complaint category here, not the root's preference categories.
    """

    env_context = {**HotelCrmCommon.env_context, "mail_notrack": True}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.property_a
        cls.other_company = cls.property_b
        cls.env.user.company_ids |= cls.company | cls.other_company
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id, cls.other_company.id]))
        cls.Stay = cls.env["hotel.crm.stay"]
        cls.Complaint = cls.env["hotel.crm.complaint"]
        cls.stages = {
            key: cls.env.ref(f"hotel_crm.complaint_stage_{key}")
            for key in ("received", "confirmed", "analysed", "proposed", "executing", "followup", "closed")
        }
        cls.agent = new_test_user(
            cls.env,
            login="cmp_agent",
            groups="hotel_crm.hotel_crm_group_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.manager_user = new_test_user(
            cls.env,
            login="cmp_manager",
            groups="hotel_crm.hotel_crm_group_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.manager_employee = cls.env["hr.employee"].create(
            {"name": "Head of Housekeeping", "user_id": cls.manager_user.id, "company_id": cls.company.id}
        )
        cls.department = cls.env["hr.department"].create(
            {
                "name": "Housekeeping (test)",
                "company_id": cls.company.id,
                "manager_id": cls.manager_employee.id,
                "hotel_complaint_user_id": cls.agent.id,
            }
        )
        cls.category = cls.env["hotel.crm.complaint.category"].create(
            {"name": "Test cleanliness", "code": "test_clean", "department_id": cls.department.id}
        )
        cls.guest = cls._guest("Lin Hua", email="lin.hua@example.com")
        cls.stay = cls._stay(
            cls.guest, "2025-03-01", "2025-03-03", company=cls.company, state="checked_out", revenue_room=900
        )

    def as_user(self, records, user):
        """``records`` seen by ``user`` working in the test property."""
        return records.with_user(user).with_context(allowed_company_ids=[self.company.id])

    def _complaint(self, **vals):
        values = {
            "name": "Dusty room",
            "partner_id": self.guest.id,
            "company_id": self.company.id,
            "category_id": self.category.id,
            "severity": "medium",
        }
        values.update(vals)
        return self.Complaint.create(values)
