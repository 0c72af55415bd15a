"""Demo training story at Jade Garden West Lake.

About three months ago an external consultant ran "Turning Complaints into Loyalty" for the front desk:
Xiao Mei and Tang Yifan passed, Gao Ruoxi did not and is booked on the next run with Zhou Lan, the guest
relations manager. The complaints Xiao Mei handled in the quarter before the course took two days to
resolve and often broke the SLA; afterwards she resolves them within the day. Zhou Lan, not yet
trained, handles housekeeping, restaurant and engineering complaints at about the same pace before
and after: the training effect report shows the difference. The crisis drill of half a year ago
expires soon (reminder), a follow-up evaluation is due, and the Bund front desk still lacks the
mandatory complaint course."""

import random
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models

from ..training.hotel_crm_training_session import utc_at

# (category code, what the guest said): front-office categories go to Xiao Mei, the others to Zhou Lan
FRONT_DESK_CASES = [
    ("room", "The room smelled of smoke although we booked non-smoking."),
    ("billing", "The deposit was taken twice from my card."),
    ("staff_attitude", "Nobody at the desk looked up when I arrived with two children and four bags."),
    ("noise", "The room above us moved furniture after midnight."),
    ("room", "The twin room we booked was a double when we arrived."),
    ("billing", "Breakfast was charged although it was included in our package."),
    ("staff_attitude", "My wake-up call never came and I nearly missed my train."),
    ("noise", "Loud music from the bar reached our room until one in the morning."),
]
OTHER_CASES = [
    ("cleanliness", "Used towels were still in the bathroom when we checked in."),
    ("food_beverage", "Room service took an hour and the soup was cold."),
    ("facilities", "The shower drain was blocked for two days."),
    ("cleanliness", "Dust under the bed and on the curtains."),
    ("food_beverage", "The restaurant ran out of the set menu at 19:30."),
]
# resolution hours: Xiao Mei before and after the course, Zhou Lan (not yet trained) before and after
FRONT_DESK_HOURS = ([52, 30, 61, 38, 45, 27, 55, 34], [9, 14, 6, 11, 18, 8, 12, 10])
OTHER_HOURS = ([22, 30, 18, 26, 34], [24, 20, 31, 19, 27])


class HotelCrmTrainingSession(models.Model):
    _inherit = "hotel.crm.training.session"

    @api.model
    def _hotel_demo_populate_training(self, seed=2026):
        env = self.env
        ref = env.ref
        west_lake = ref("hotel_crm.demo_company_west_lake")
        bund = ref("hotel_crm.demo_company_bund")
        today = west_lake._hotel_today()
        zhou, xiao, tang, gao = (
            ref(f"hotel_crm.demo_employee_{name}") for name in ("zhou_lan", "xiao_mei", "tang_yifan", "gao_ruoxi")
        )
        guest_relations = ref("hotel_crm.demo_user_guest_relations")

        def session(course, company, days_ago, hour, attendees, **vals):
            start = utc_at(company, today - timedelta(days=days_ago), hour)
            return self.create(
                {
                    "course_id": course.id,
                    "company_id": company.id,
                    "date_start": start,
                    "date_end": start + timedelta(hours=course.duration_hours),
                    "user_id": guest_relations.id,
                    "attendance_ids": [
                        fields.Command.create({"employee_id": employee.id, **values}) for employee, values in attendees
                    ],
                    **vals,
                }
            )

        crm = session(
            ref("hotel_crm.demo_training_course_crm"),
            west_lake,
            200,
            14,
            [(e, {"satisfaction": s}) for e, s in ((zhou, 4), (xiao, 4), (tang, 3), (gao, 5))],
            trainer_employee_id=zhou.id,
            location="Meeting room Lotus",
        )
        crisis = session(
            ref("hotel_crm.demo_training_course_crisis"),
            west_lake,
            172,
            15,
            [(zhou, {"score": 90, "satisfaction": 5}), (xiao, {"score": 75, "satisfaction": 4})],
            trainer_name="Hangzhou Fire Brigade",
            location="Restaurant kitchen",
        )
        complaint_course = ref("hotel_crm.demo_training_course_complaint")
        handling = session(
            complaint_course,
            west_lake,
            100,
            14,
            [
                (xiao, {"score": 86, "satisfaction": 5, "satisfaction_note": "Role plays like a real evening shift."}),
                (tang, {"score": 74, "satisfaction": 4}),
                (gao, {"score": 62, "satisfaction": 3, "satisfaction_note": "Too fast for me; I want to retake it."}),
            ],
            trainer_name="Huang Li (service-quality consultant)",
            location="Meeting room Lotus",
        )
        communication = session(
            ref("hotel_crm.demo_training_course_communication"),
            bund,
            40,
            10,
            [(ref("hotel_crm.demo_employee_pan_jiahui"), {"score": 81, "satisfaction": 4}),
             (ref("hotel_crm.demo_employee_qin_haoran"), {"score": 58, "satisfaction": 2})],
            trainer_name="Huang Li (service-quality consultant)",
        )  # fmt: skip
        (crm | crisis | handling | communication).action_done()
        handling.attendance_ids.filtered(lambda a: a.employee_id == xiao).write(
            {"followup_score": 80, "followup_note": "Calm with angry guests; now closes most cases the same day."}
        )
        upcoming = session(
            complaint_course,
            west_lake,
            -14,
            14,
            [(zhou, {}), (gao, {})],
            trainer_name="Huang Li (service-quality consultant)",
            location="Meeting room Lotus",
        )
        upcoming.action_invite()
        attendances = env["hotel.crm.training.attendance"]
        attendances._cron_training_followup()
        attendances._cron_training_expiry()
        self._hotel_demo_training_complaints(handling, seed)
        return True

    @api.model
    def _hotel_demo_training_complaints(self, handling, seed):
        """Complaints at West Lake in the quarter before and the quarter after the complaint course."""
        rng = random.Random(seed)
        env = self.env
        west_lake = handling.company_id
        trained_on = handling.date_end
        categories = {c.code: c for c in env["hotel.crm.complaint.category"].search([])}
        stages = env["hotel.crm.complaint.stage"].search([])
        closed = stages.filtered("is_closed")[:1] or stages[-1:]
        stays = env["hotel.crm.stay"].search(
            [
                ("company_id", "=", west_lake.id),
                ("state", "=", "checked_out"),
                ("departure_date", ">=", (trained_on - timedelta(days=88)).date()),
                ("departure_date", "<=", (trained_on + timedelta(days=80)).date()),
            ],
            order="departure_date, id",
        )
        # received up to 30 hours before departure: keep clear of the training day
        before = stays.filtered(lambda s: s.departure_date < trained_on.date() - timedelta(days=1))
        after = stays.filtered(lambda s: s.departure_date > trained_on.date() + timedelta(days=2))
        if not (before and after and categories and closed):
            return False
        vals_list = []
        for cases, (hours_before, hours_after) in ((FRONT_DESK_CASES, FRONT_DESK_HOURS), (OTHER_CASES, OTHER_HOURS)):
            for pool, hours_list in ((before, hours_before), (after, hours_after)):
                for i, hours in enumerate(hours_list):
                    code, words = cases[i % len(cases)]
                    stay = pool[rng.randrange(len(pool))]
                    received = fields.Datetime.to_datetime(stay.departure_date) - timedelta(hours=rng.randint(16, 30))
                    resolved = received + timedelta(hours=hours)
                    vals_list.append(
                        {
                            "name": words.split(".")[0][:60],
                            "description": Markup("<p>%s</p>") % words,
                            "partner_id": stay.partner_id.id,
                            "stay_id": stay.id,
                            "company_id": west_lake.id,
                            "category_id": categories[code].id if code in categories else False,
                            "severity": "medium",
                            "channel": rng.choice(["in_person", "phone", "email"]),
                            "date_received": received,
                            "stage_id": closed.id,
                            "first_response_date": received + timedelta(hours=min(hours, rng.choice([1, 2, 4]))),
                            "resolved_date": resolved,
                            "closed_date": resolved + timedelta(days=1),
                            "guest_satisfied": hours < 36 or rng.random() < 0.3,
                            "satisfaction_date": resolved + timedelta(days=1),
                            "compensation_type": "apology",
                            # a closed complaint records its judgement and root cause
                            "cause": "attitude" if code == "staff_attitude" else "service_quality",
                            "judgement": "justified",
                        }
                    )
        env["hotel.crm.complaint"].with_context(mail_create_nolog=True).create(vals_list)
        return True
