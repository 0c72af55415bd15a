"""Demo story, front-line care: three regulars check in at West Lake today and guest relations
calls them the next morning (one satisfied, one with an issue fixed before departure, one still to
call); a returning guest gets Gold through a status match with another programme."""

from datetime import timedelta

from odoo import api, models


class HotelCrmStayCheck(models.Model):
    _inherit = "hotel.crm.stay.check"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _hotel_care_demo(self):
        env = self.env
        if self.search_count([("stay_id.external_ref", "=like", "JG9%")], limit=1):
            return True  # told once
        company = env.ref("hotel_crm.demo_company_west_lake")
        guest_relations = env.ref("hotel_crm.demo_user_guest_relations")
        front_desk = env.ref("hotel_crm.demo_user_front_desk")
        today = company._hotel_today()
        Stay = env["hotel.crm.stay"].with_company(company)
        in_house = Stay.search([("state", "=", "in_house")]).partner_id
        guests = (
            env["res.partner"]
            .with_company(company)
            .search(
                [
                    ("hotel_guest", "=", True),
                    ("hotel_value_segment", "in", ("vip", "major")),
                    ("id", "not in", in_house.ids),
                ],
                order="hotel_value_rank, id",
                limit=3,
            )
        )
        stays = Stay.create(
            [
                {
                    "partner_id": guest.id,
                    "company_id": company.id,
                    "external_ref": f"JG9{index:05d}",
                    "arrival_date": today,
                    "departure_date": today + timedelta(days=3),
                    "room_type": "Lake View King",
                    "room_number": str(1801 + index),
                    "channel": "direct",
                    "user_id": front_desk.id,
                }
                for index, guest in enumerate(guests)
            ]
        )
        # the desk checks them in: VIP and major guests get their courtesy call
        for stay in stays:
            stay.with_user(front_desk).with_company(company).action_check_in()
        checks = self.search([("stay_id", "in", stays.ids)], order="id")
        as_relations = checks.with_user(guest_relations).with_company(company)
        if checks[:1]:
            as_relations[0].write({"note": "Loves the lake view; asked for a late check-out on Sunday."})
            as_relations[0].action_satisfied()
        if checks[1:2]:
            as_relations[1].write({"note": "The air conditioning rattles at night."})
            as_relations[1].action_issue()
            complaint = checks[1].complaint_id.with_user(guest_relations).with_company(company)
            complaint.write(
                {
                    "stage_id": env.ref("hotel_crm.complaint_stage_followup").id,
                    "resolution": "<p>Engineering replaced the fan motor the same afternoon; fruit basket sent.</p>",
                }
            )
        self._hotel_tier_grant_demo(company, guest_relations)
        return True

    @api.model
    def _hotel_tier_grant_demo(self, company, manager):
        gold = self.env.ref("hotel_crm.hotel_crm_tier_gold")
        rank = self.env["hotel.crm.tier"]._hotel_ranked()
        lower = rank[: rank.ids.index(gold.id)] if gold in rank else rank.browse()
        guest = (
            self.env["res.partner"]
            .with_company(company)
            .search(
                [("hotel_guest", "=", True), ("hotel_tier_id", "in", lower.ids)],
                order="hotel_stay_count desc, id",
                limit=1,
            )
        )
        if guest:
            self.env["hotel.crm.tier.grant"].with_user(manager).with_company(company).create(
                {
                    "partner_id": guest.id,
                    "tier_id": gold.id,
                    "date_until": company._hotel_today() + timedelta(days=180),
                    "reason": "status_match",
                    "reason_note": "Marriott Bonvoy Gold Elite (card seen at check-in)",
                    "company_id": company.id,
                }
            )
        return True
