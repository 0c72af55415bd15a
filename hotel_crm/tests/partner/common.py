from ..common import HotelCrmCommon


class PartnerCommon(HotelCrmCommon):
    """Channel partners and a supplier, the default criteria (weights 30, 20, 15, 20, 15) and a
    helper that creates a scorecard with given scores."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Evaluation = cls.env["hotel.crm.partner.evaluation"]
        cls.Criterion = cls.env["hotel.crm.partner.criterion"]
        cls.criteria = cls.Criterion.search([])
        cls.ota = cls._company("Test Cloud Journeys", "ota")
        cls.ota_2 = cls._company("Test Panda Holidays", "ota")
        cls.ota_3 = cls._company("Test Sky Trips", "ota")
        cls.agency = cls._company("Test Silk Road Tours", "travel_agency")
        cls.supplier = cls._company("Test Fresh Linen", "supplier")

    @classmethod
    def _company(cls, name, partner_type, **vals):
        return cls.env["res.partner"].create(
            {"name": name, "is_company": True, "hotel_partner_type": partner_type, **vals}
        )

    @classmethod
    def _evaluation(cls, partner, scores, date_from, date_to, done=True, company=None, env=None, **vals):
        """A scorecard of ``partner`` with ``scores`` (0-10, in criterion order), done by default."""
        Evaluation = cls.Evaluation if env is None else cls.Evaluation.with_env(env)
        evaluation = Evaluation.create(
            {
                "partner_id": partner.id,
                "company_id": (company or cls.property_a).id,
                "date_from": date_from,
                "date_to": date_to,
                **vals,
            }
        )
        for line, score in zip(evaluation.line_ids, scores, strict=True):
            line.score = str(score)
        if done:
            evaluation.action_done()
        return evaluation
