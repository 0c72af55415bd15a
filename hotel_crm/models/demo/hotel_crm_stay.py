"""Demo story: the Jade Garden hotel group, two properties, three years of guests.

Generated from a fixed seed so that every demo database tells the same story:
a few regulars who come back every few months, business travellers from corporate
accounts, one-time leisure guests from OTAs, guests who stopped coming, a handful
of cancellations and no-shows, and preferences (some of them sensitive allergies).
"""

import random
from datetime import timedelta

from odoo import api, models

FIRST_NAMES = [
    "Wei",
    "Fang",
    "Min",
    "Jing",
    "Lei",
    "Yan",
    "Hui",
    "Tao",
    "Xin",
    "Ping",
    "Jun",
    "Lina",
    "Emma",
    "Liam",
    "Sofia",
    "Lucas",
    "Mia",
    "Noah",
    "Hannah",
    "Kenji",
    "Yuki",
    "Aarav",
    "Chloe",
    "Oliver",
]
LAST_NAMES = [
    "Li",
    "Wang",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Zhao",
    "Huang",
    "Zhou",
    "Wu",
    "Müller",
    "Smith",
    "Rossi",
    "Tanaka",
    "Kim",
    "Dubois",
    "Garcia",
    "Sato",
    "Patel",
    "Nguyen",
]
ROOM_TYPES = [("Superior Twin", 680), ("Deluxe King", 880), ("Executive Suite", 1680), ("Lake View King", 1180)]
CHANNELS = [
    ("ota", 30),
    ("website", 18),
    ("direct", 12),
    ("phone", 8),
    ("corporate", 16),
    ("travel_agency", 8),
    ("walk_in", 3),
    ("group", 5),
]
PREFERENCES = {
    "room_type": ["Lake View King", "Executive Suite", "Deluxe King"],
    "bed": ["King bed", "Twin beds", "Extra-firm mattress"],
    "pillow": ["Buckwheat pillow", "Feather-free pillow", "Two extra pillows"],
    "floor": ["High floor", "Low floor, near the lift", "Away from the lift"],
    "view": ["Lake view", "City view"],
    "smoking": ["Non-smoking"],
    "dietary": ["Vegetarian breakfast", "Halal meals", "Congee at breakfast", "No coriander"],
    "allergy": ["Peanut allergy", "Seafood allergy", "Down feather allergy", "Lactose intolerance"],
    "amenities": ["Green tea in room", "Yoga mat", "Iron and board", "Sparkling water"],
    "communication": ["WeChat messages, not calls", "English-speaking staff", "No calls before 9:00"],
}


class HotelCrmStay(models.Model):
    _inherit = "hotel.crm.stay"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _hotel_demo_populate(self, guests=80, stays=400, seed=2024):
        if self.with_context(active_test=False).search_count([("external_ref", "=", "JG100001")], limit=1):
            return True  # generated already: the demo story is told once
        rng = random.Random(seed)
        env = self.env
        properties = env.ref("hotel_crm.demo_company_west_lake") | env.ref("hotel_crm.demo_company_bund")
        today = properties[:1]._hotel_today()
        categories = {c.code: c for c in env["hotel.crm.preference.category"].search([])}

        # guests: a loyal core (20 %), occasional guests (40 %), one-timers (40 %)
        used, partners, weights = set(), [], []
        while len(partners) < guests:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            if (first, last) in used:
                continue
            used.add((first, last))
            n = len(partners)
            profile = "loyal" if n < guests * 0.2 else "occasional" if n < guests * 0.6 else "once"
            login = f"{first}.{last}".lower().replace("ü", "ue")
            vals = {
                "name": f"{first} {last}",
                "hotel_guest": True,
                "email": f"{login}@example.com",
                "phone": f"+86 139 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
                "country_id": (env.ref("base.cn") if last in LAST_NAMES[:10] else env.ref("base.sg")).id,
                "hotel_consent_email": rng.random() < 0.7,
                "hotel_consent_email_source": "registration_card",
                "hotel_consent_sms": rng.random() < 0.4,
                "hotel_consent_sms_source": "registration_card",
                # the registration card asks for survey consent with the channels, and for
                # marketing separately: two guests in three tick it
                "hotel_consent_survey": True,
                "hotel_consent_marketing": n % 3 != 2,
                "hotel_birthday": today.replace(year=today.year - rng.randint(25, 70))
                - timedelta(days=rng.randint(0, 364)),
            }
            partners.append(env["res.partner"].create(vals))
            weights.append({"loyal": 12, "occasional": 3, "once": 1}[profile])
        # a couple of regulars who stopped coming (churn story): no stay in the last 14 months
        lapsed = {partners[2].id, partners[7].id, partners[11].id}

        stay_vals = []
        channels, channel_weights = zip(*CHANNELS)
        ref_no = 100000
        attempts = 0
        while len(stay_vals) < stays and attempts < stays * 20:
            attempts += 1
            partner = rng.choices(partners, weights=weights)[0]
            offset = rng.randint(-3 * 365, 45)
            if partner.id in lapsed and offset > -430:
                continue
            arrival = today + timedelta(days=offset)
            nights = rng.choices([1, 2, 3, 4, 5, 7], weights=[30, 30, 18, 10, 7, 5])[0]
            room_type, rate = rng.choice(ROOM_TYPES)
            if offset > 0:
                state = "booked"
            elif offset + nights > 0:
                state = "in_house"
            else:
                state = rng.choices(["checked_out", "cancelled", "no_show"], weights=[89, 8, 3])[0]
            realised = state in ("checked_out", "in_house")
            ref_no += 1
            stay_vals.append(
                {
                    "partner_id": partner.id,
                    "company_id": rng.choice(properties).id,
                    "external_ref": f"JG{ref_no}",
                    "arrival_date": arrival,
                    "departure_date": arrival + timedelta(days=nights),
                    "room_type": room_type,
                    "room_number": str(rng.randint(3, 22) * 100 + rng.randint(1, 30)),
                    "adults": rng.choice([1, 1, 2, 2, 2, 3]),
                    "channel": rng.choices(channels, weights=channel_weights)[0],
                    "state": state,
                    "revenue_room": round(rate * nights * rng.uniform(0.85, 1.25), 2) if realised else 0.0,
                    "revenue_fnb": round(rng.uniform(0, 180) * nights, 2) if realised else 0.0,
                    "revenue_other": round(rng.choice([0, 0, 0, 60, 120, 380]), 2) if realised else 0.0,
                }
            )

        # tonight: four regulars are in house
        for partner in partners[:4]:
            ref_no += 1
            arrival = today - timedelta(days=rng.randint(0, 2))
            room_type, rate = rng.choice(ROOM_TYPES)
            stay_vals.append(
                {
                    "partner_id": partner.id,
                    "company_id": properties[0].id,
                    "external_ref": f"JG{ref_no}",
                    "arrival_date": arrival,
                    "departure_date": today + timedelta(days=rng.randint(1, 3)),
                    "room_type": room_type,
                    "room_number": str(rng.randint(3, 22) * 100 + rng.randint(1, 30)),
                    "channel": "direct",
                    "state": "in_house",
                    "revenue_room": float(rate * 2),
                }
            )

        # preferences for two guests in three, a few of them sensitive allergies
        pref_vals = []
        for partner in partners:
            if rng.random() > 0.66:
                continue
            for code in rng.sample(sorted(PREFERENCES), rng.randint(1, 3)):
                pref_vals.append(
                    {
                        "partner_id": partner.id,
                        "category_id": categories[code].id,
                        "value": rng.choice(PREFERENCES[code]),
                        "source": rng.choice(["stated", "stated", "observed"]),
                    }
                )
        # an allergy is recorded only with the guest's separate consent to sensitive information,
        # asked on the registration card when the guest mentions it
        sensitive_ids = {categories[code].id for code in PREFERENCES if categories[code].sensitive}
        consenting = env["res.partner"].browse(
            sorted({vals["partner_id"] for vals in pref_vals if vals["category_id"] in sensitive_ids})
        )
        consenting.with_context(
            hotel_consent_source="registration_card",
            hotel_consent_proof="Registration card: consent to record allergies and dietary needs",
        ).write({"hotel_consent_sensitive": True})
        env["hotel.crm.preference"].create(pref_vals)
        # stays in date order, so the story reads naturally in chatter and activities
        stay_vals.sort(key=lambda v: v["arrival_date"])
        self.with_context(tracking_disable=True, mail_create_nolog=True).create(stay_vals)
        return True
