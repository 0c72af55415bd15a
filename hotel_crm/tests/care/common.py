from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from ..common import HotelCrmCommon


class CareCase(HotelCrmCommon):
    """Two properties in different time zones with the default in-stay check criteria, a
    guest-relations user at the first, and helpers to check guests in and answer the survey.

    ``property_a`` works in Asia/Shanghai (UTC+8) with ``relations`` as its guest relations;
    ``property_b`` in Europe/Brussels (UTC+1) with nobody named, so that its calls go to the
    stay's responsible.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Stay = cls.env["hotel.crm.stay"]
        cls.Check = cls.env["hotel.crm.stay.check"]
        cls.gold = cls.env.ref("hotel_crm.hotel_crm_tier_gold")
        cls.silver = cls.env.ref("hotel_crm.hotel_crm_tier_silver")
        cls.platinum = cls.env.ref("hotel_crm.hotel_crm_tier_platinum")
        cls.relations = new_test_user(
            cls.env,
            login="care_relations",
            groups="base.group_user,hotel_crm.hotel_crm_group_user",
            company_id=cls.property_a.id,
            company_ids=[Command.set(cls.properties.ids)],
        )
        cls.desk_b = new_test_user(
            cls.env,
            login="care_desk_b",
            groups="base.group_user,hotel_crm.hotel_crm_group_user",
            company_id=cls.property_b.id,
            company_ids=[Command.set(cls.property_b.ids)],
        )
        criteria = {
            "hotel_instay_check_value": True,
            "hotel_instay_check_tier": True,
            "hotel_instay_check_tier_id": cls.gold.id,
            "hotel_instay_check_at_risk": True,
            "hotel_instay_check_complained": True,
            "hotel_instay_check_first_stay": True,
            "hotel_preference_user_id": False,
        }
        cls.property_a.write(
            {**criteria, "hotel_tz": "Asia/Shanghai", "hotel_guest_relations_user_id": cls.relations.id}
        )
        cls.property_b.write({**criteria, "hotel_tz": "Europe/Brussels", "hotel_guest_relations_user_id": False})
        cls.activity_type = cls.env.ref("hotel_crm.mail_activity_type_hotel_courtesy_call")
        cls._ref = 0

    @classmethod
    def _booked(cls, guest, arrival=date(2026, 3, 5), nights=3, company=None, **vals):
        """A booked stay of ``guest`` arriving ``arrival``, with a reservation number of its own."""
        cls._ref += 1
        return cls._stay(
            guest,
            arrival,
            date.fromordinal(arrival.toordinal() + nights),
            company=company,
            external_ref=f"CARE{cls._ref:04d}",
            **vals,
        )

    @classmethod
    def _returning(cls, name, company=None, **vals):
        """A guest with one checked-out stay a year ago (so not on a first stay), ``vals`` on the guest."""
        guest = cls._guest(name, **vals)
        cls._booked(guest, arrival=date(2025, 3, 1), nights=2, company=company, state="checked_out")
        return guest

    def _checks(self, stays):
        return self.Check.search([("stay_id", "in", stays.ids)])

    def _calls(self, checks):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "hotel.crm.stay.check"),
                ("res_id", "in", checks.ids),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    @classmethod
    def _answer_csat(cls, stay, csat):
        """A completed post-stay survey answer of ``stay`` with the CSAT ``csat`` (and NPS 9)."""
        survey = cls.env.ref("hotel_crm.survey_post_stay")
        questions = {q.hotel_metric: q for q in survey.question_ids if q.hotel_metric}
        answer = survey.sudo()._create_answer(
            partner=stay.partner_id, check_attempts=False, hotel_stay_id=stay.id, hotel_channel="email"
        )
        for metric, value in (("csat", csat), ("nps", 9)):
            answer._save_lines(questions[metric], str(value))
        answer._mark_done()
        return answer
