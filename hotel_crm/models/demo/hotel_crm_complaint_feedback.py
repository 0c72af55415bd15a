"""Demo suggestions and compliments, a complaint judged a misunderstanding, and a crisis warning at
West Lake: three guests fall ill after the seafood buffet within hours, the early-warning job
raises one warning for the crisis team."""

from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models

# (type, subject, what the guest said, channel, employees praised (xml ids), days ago)
DEMO_FEEDBACK = [
    ("suggestion", "A quiet floor for business travellers", "Could you keep one floor without families and "
     "groups? I stay with you every month for work and need to sleep early.", "email", (), 20),
    ("suggestion", "More vegetarian dishes at breakfast", "The breakfast buffet has only two vegetarian dishes. "
     "A tofu or mushroom dish would be welcome.", "portal", (), 12),
    ("suggestion", "Airport shuttle every half hour", "The shuttle leaves every hour; every half hour in the "
     "morning would save guests a taxi.", "in_person", (), 5),
    ("compliment", "Xiao Mei found my lost passport", "I left my passport at the airport shuttle stop; Xiao Mei "
     "called the driver and had it back in an hour.", "email", ("demo_employee_xiao_mei",), 70),
    ("compliment", "A birthday cake we did not ask for", "Tang Yifan noticed my wife's birthday on the booking "
     "and surprised her with a cake. Thank you!", "portal", ("demo_employee_tang_yifan",), 40),
    ("compliment", "The front desk made our stay", "Zhou Lan and Xiao Mei upgraded us after a long flight and "
     "remembered our names the whole week.", "in_person", ("demo_employee_zhou_lan", "demo_employee_xiao_mei"), 15),
    ("compliment", "Help with the hospital visit", "Gao Ruoxi went with my father to the hospital at night.",
     "phone", ("demo_employee_gao_ruoxi",), 3),
]  # fmt: skip

# three guests ill after the seafood buffet, hours ago: a food-safety spike
DEMO_SPIKE = [
    ("Stomach ache after the seafood buffet", 7),
    ("Whole family sick after dinner at the buffet", 5),
    ("Vomiting after the oysters last night", 2),
]


class HotelCrmComplaint(models.Model):
    _inherit = "hotel.crm.complaint"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _hotel_demo_populate_feedback(self):
        env = self.env
        west_lake = env.ref("hotel_crm.demo_company_west_lake")
        stays = env["hotel.crm.stay"].search(
            [("company_id", "=", west_lake.id), ("state", "in", ("in_house", "checked_out"))],
            order="arrival_date desc, id",
            limit=30,
        )
        if len(stays) < len(DEMO_FEEDBACK) + len(DEMO_SPIKE) + 1:
            return False
        now = fields.Datetime.now()
        Complaint = self.with_context(mail_create_nolog=True)
        vals_list = []
        for i, (kind, subject, words, channel, employees, days) in enumerate(DEMO_FEEDBACK):
            stay = stays[i]
            vals_list.append(
                {
                    "feedback_type": kind,
                    "name": subject,
                    "description": Markup("<p>%s</p>") % words,
                    "partner_id": stay.partner_id.id,
                    "stay_id": stay.id,
                    "company_id": west_lake.id,
                    "channel": channel,
                    "date_received": now - timedelta(days=days),
                    "employee_ids": [fields.Command.set([env.ref(f"hotel_crm.{xmlid}").id for xmlid in employees])],
                }
            )
        feedback = Complaint.create(vals_list)
        suggestions = feedback.filtered(lambda c: c.feedback_type == "suggestion")
        suggestions[:1].action_create_improvement()
        # a complaint judged a guest misunderstanding: breakfast was in the rate the guest booked
        stay = stays[len(DEMO_FEEDBACK)]
        received = now - timedelta(days=9)
        Complaint.create(
            {
                "name": "Charged for breakfast",
                "description": Markup("<p>%s</p>") % "Breakfast appears on my bill, I thought it was included.",
                "partner_id": stay.partner_id.id,
                "stay_id": stay.id,
                "company_id": west_lake.id,
                "category_id": env.ref("hotel_crm.complaint_category_billing").id,
                "channel": "in_person",
                "severity": "low",
                "date_received": received,
                "stage_id": env.ref("hotel_crm.complaint_stage_closed").id,
                "first_response_date": received + timedelta(hours=1),
                "resolved_date": received + timedelta(hours=3),
                "closed_date": received + timedelta(days=1),
                "cause": "information",
                "judgement": "misunderstanding",
                "compensation_type": "apology",
            }
        )
        food = env.ref("hotel_crm.complaint_category_food_beverage")
        Complaint.create(
            [
                {
                    "name": subject,
                    "description": Markup("<p>%s</p>") % subject,
                    "partner_id": stays[len(DEMO_FEEDBACK) + 1 + i].partner_id.id,
                    "stay_id": stays[len(DEMO_FEEDBACK) + 1 + i].id,
                    "company_id": west_lake.id,
                    "category_id": food.id,
                    "channel": "in_person",
                    "severity": "high",
                    "date_received": now - timedelta(hours=hours),
                }
                for i, (subject, hours) in enumerate(DEMO_SPIKE)
            ]
        )
        env["hotel.crm.crisis.alert"]._cron_detect_spikes()
        return True
