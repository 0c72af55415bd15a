"""Demo story for the guest's voice: post-stay surveys over the last year at both Jade Garden
properties, a few online reviews with replies, and one unhappy answer that became a complaint.

Generated from a fixed seed so that every demo database tells the same story: West Lake is the
group's favourite (NPS around +50), the Bund is good but slower at the front desk (responsiveness
and CES lower), regulars answer more and score higher than one-time guests.
"""

import random
from datetime import datetime, time, timedelta

from odoo import api, fields, models

REVIEWS = [
    # (property, source, days ago, rating, scale, title, text, reply or None, hours to reply)
    (
        "west_lake",
        "ctrip",
        200,
        5,
        5,
        "完美的西湖景观",
        "房间能看到西湖，早餐丰富，前台非常热情。",
        "感谢您的好评，期待再次见到您！",
        20,
    ),
    (
        "west_lake",
        "booking",
        150,
        9.2,
        10,
        "Lovely stay by the lake",
        "Quiet room, great breakfast, staff remembered my pillow.",
        "Thank you, we look forward to welcoming you back.",
        30,
    ),
    (
        "bund",
        "google",
        120,
        4,
        5,
        "Great location",
        "Walking distance to the Bund. Check-in took a while.",
        "Thank you! We have added a second check-in desk at peak times.",
        52,
    ),
    (
        "bund",
        "tripadvisor",
        90,
        2,
        5,
        "Room not ready, noisy",
        "Our room was not ready until 6 pm and the air conditioning rattled all night.",
        None,
        0,
    ),
    ("west_lake", "meituan", 60, 4.5, 5, "早餐很好", "早餐种类多，服务周到。", None, 0),
    (
        "bund",
        "booking",
        40,
        8.0,
        10,
        "Good business hotel",
        "Fast Wi-Fi, good desk, the gym is small.",
        "Thank you for your feedback about the gym.",
        12,
    ),
    (
        "west_lake",
        "ctrip",
        20,
        5,
        5,
        "第三次入住，依然满意",
        "每次都记得我的偏好，非常贴心。",
        "感谢您一直以来的支持！",
        8,
    ),
    ("bund", "ctrip", 8, 3.5, 5, "性价比一般", "位置很好，但价格偏高。", None, 0),
]


class HotelCrmSurveyInvitation(models.Model):
    _inherit = "hotel.crm.survey.invitation"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _hotel_demo_populate(self, seed=2026):
        """Demo: invitations, answers (one low: a complaint) and online reviews over the last year."""
        env = self.env
        rng = random.Random(seed)
        survey = env.ref("hotel_crm.survey_post_stay").sudo()
        questions = {q.hotel_metric: q for q in survey.question_ids if q.hotel_metric}
        west_lake, bund = env.ref("hotel_crm.demo_company_west_lake"), env.ref("hotel_crm.demo_company_bund")
        today = west_lake._hotel_today()
        stays = (
            env["hotel.crm.stay"]
            .sudo()
            .search(
                [
                    ("company_id", "in", (west_lake | bund).ids),
                    ("state", "=", "checked_out"),
                    ("departure_date", ">=", today - timedelta(days=365)),
                    ("departure_date", "<=", today - timedelta(days=3)),
                    ("partner_id.hotel_consent_email", "=", True),
                    ("partner_id.email", "!=", False),
                ],
                order="departure_date, id",
            )
        )
        stay_counts = {}
        for stay in env["hotel.crm.stay"].sudo().search([("partner_id", "in", stays.partner_id.ids)]):
            stay_counts[stay.partner_id.id] = stay_counts.get(stay.partner_id.id, 0) + 1
        last_sent = {}
        story = None
        for stay in stays:
            guest = stay.partner_id
            sent = datetime.combine(stay.departure_date + timedelta(days=2), time(1, 0))
            if guest.id in last_sent and sent - last_sent[guest.id] < timedelta(days=30):
                continue  # survey fatigue, as the cron does it
            if rng.random() < 0.35:
                continue
            last_sent[guest.id] = sent
            invitation = self.sudo().create(
                {
                    "stay_id": stay.id,
                    "partner_id": guest.id,
                    "company_id": stay.company_id.id,
                    "survey_id": survey.id,
                    "channel": rng.choices(["email", "phone", "in_person"], weights=[85, 10, 5])[0],
                    "email": guest.email_normalized,
                    "sent_date": sent,
                }
            )
            invitation._hotel_create_answers()
            regular = stay_counts.get(guest.id, 0) >= 3
            if rng.random() > (0.7 if regular else 0.45):
                if invitation.channel == "email":
                    invitation.reminder_date = sent + timedelta(days=4)
                continue
            if story is None and stay.company_id == bund and stay.departure_date < today - timedelta(days=40):
                story = invitation
                scores = {
                    "csat": 2,
                    "nps": 3,
                    "ces": 2,
                    "reliability": 2,
                    "responsiveness": 1,
                    "assurance": 3,
                    "empathy": 2,
                    "tangibles": 3,
                    "personalisation": 1,
                    "value": 2,
                    "comment": "We waited 40 minutes to check in and nobody remembered the cot we had asked for.",
                }
            else:
                scores = self._hotel_demo_scores(rng, stay.company_id == west_lake, regular)
            answer = invitation.user_input_id
            for metric, question in questions.items():
                value = scores.get(metric)
                answer._save_lines(question, "" if value is None else str(value))
            answered = sent + timedelta(hours=rng.randint(2, 90))
            answer.write({"state": "done", "start_datetime": answered, "end_datetime": answered})
            answer._hotel_open_recovery()
            if answer.hotel_complaint_id:
                answer.hotel_complaint_id.sudo().write({"date_received": min(answered, fields.Datetime.now())})
        self._hotel_demo_reviews(rng, {"west_lake": west_lake, "bund": bund})
        return True

    @api.model
    def _hotel_demo_scores(self, rng, favourite, regular):
        """Scores of a satisfied-to-delighted guest; the Bund's front desk is slower."""
        level = rng.uniform(0.55, 1.0) + (0.08 if favourite else 0) + (0.08 if regular else 0)
        level = min(level, 1.0)

        def scale(floor, high, shift=0.0, skip=0.0):
            # ``floor``: the lowest score this guest gives, above the complaint thresholds
            if rng.random() < skip:
                return None
            return max(floor, min(high, round(1 + (high - 1) * (level + shift))))

        return {
            "csat": scale(3, 5),
            "nps": max(7, min(10, round(6 + 4 * level + rng.uniform(-0.6, 0.6)))),
            "ces": scale(4, 7, 0 if favourite else -0.1),
            "reliability": scale(3, 5, skip=0.1),
            "responsiveness": scale(3, 5, 0 if favourite else -0.15, skip=0.1),
            "assurance": scale(3, 5, skip=0.1),
            "empathy": scale(3, 5, skip=0.15),
            "tangibles": scale(3, 5, skip=0.1),
            "personalisation": scale(3, 5, 0.05 if regular else -0.2, skip=0.2),
            "value": scale(3, 5, -0.05, skip=0.1),
            "comment": rng.choice([None, None, None, "Lovely staff.", "Breakfast was excellent.", "房间很干净。"]),
        }

    @api.model
    def _hotel_demo_reviews(self, rng, properties):
        Review = self.env["hotel.crm.review"].sudo()
        now = fields.Datetime.now()
        for i, (prop, source, days, rating, scale, title, text, reply, hours) in enumerate(REVIEWS, start=1):
            published = now - timedelta(days=days, hours=rng.randint(0, 12))
            Review.import_reviews(
                [
                    {
                        "source": source,
                        "external_id": f"DEMO-{source.upper()}-{i:03d}",
                        "company_id": properties[prop].id,
                        "date": fields.Datetime.to_string(published),
                        "rating": rating,
                        "rating_scale": scale,
                        "title": title,
                        "text": text,
                        "reviewer_name": f"Reviewer {i}",
                        "reply": reply or False,
                        "reply_date": fields.Datetime.to_string(published + timedelta(hours=hours)) if reply else False,
                    }
                ]
            )
