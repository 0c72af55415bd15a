from odoo import Command
from odoo.tests import new_test_user


class TrustCommon:
    """Two properties, a front-desk user of the first only, a manager of both, a sensitive guest.

    Mixed into TransactionCase and HttpCase classes: every test works on records of its own.
    """

    @classmethod
    def _trust_setup(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.west = cls.env["res.company"].create({"name": "Trust West Lake"})
        cls.bund = cls.env["res.company"].create({"name": "Trust Bund"})
        cls.env.user.company_ids |= cls.west | cls.bund
        cls.front = new_test_user(
            cls.env,
            login="trust_front",
            password="trust_front_pw",
            groups="base.group_user,hotel_crm.hotel_crm_group_user",
            company_id=cls.west.id,
            company_ids=[Command.set(cls.west.ids)],
        )
        cls.manager = new_test_user(
            cls.env,
            login="trust_manager",
            password="trust_manager_pw",
            groups="base.group_user,hotel_crm.hotel_crm_group_manager",
            company_id=cls.west.id,
            company_ids=[Command.set((cls.west | cls.bund).ids)],
        )
        categories = {c.code: c for c in cls.env["hotel.crm.preference.category"].search([])}
        cls.cat_allergy, cls.cat_pillow = categories["allergy"], categories["pillow"]
        cls.guest = cls.env["res.partner"].create(
            {
                "name": "Trust Mei Ling",
                "hotel_guest": True,
                "email": "mei.ling@trust.example.com",
                "hotel_consent_sensitive": True,
            }
        )
        cls.env["hotel.crm.preference"].create(
            [
                {"partner_id": cls.guest.id, "category_id": cls.cat_allergy.id, "value": "Peanut allergy"},
                {"partner_id": cls.guest.id, "category_id": cls.cat_pillow.id, "value": "Buckwheat pillow"},
            ]
        )
        Stay = cls.env["hotel.crm.stay"]
        cls.stay_west = Stay.create(
            {
                "partner_id": cls.guest.id,
                "company_id": cls.west.id,
                "external_ref": "TRUST-W-1",
                "arrival_date": "2030-05-01",
                "departure_date": "2030-05-03",
            }
        )
        cls.stay_bund = Stay.create(
            {
                "partner_id": cls.guest.id,
                "company_id": cls.bund.id,
                "external_ref": "TRUST-BUND-SECRET",
                "arrival_date": "2030-06-01",
                "departure_date": "2030-06-03",
            }
        )

    def as_front(self, records):
        return records.with_user(self.front).with_context(allowed_company_ids=self.west.ids)

    def as_manager(self, records):
        return records.with_user(self.manager).with_context(allowed_company_ids=(self.west | self.bund).ids)
