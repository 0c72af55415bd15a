from odoo.tests import TransactionCase, new_test_user


class HotelCrmCommon(TransactionCase):
    """Two fresh properties and a user of each hotel_crm group, independent of demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
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
        cls.Stay = cls.env["hotel.crm.stay"]
        cls.category = {c.code: c for c in cls.env["hotel.crm.preference.category"].search([])}

    @classmethod
    def _guest(cls, name, **vals):
        return cls.env["res.partner"].create({"name": name, "hotel_guest": True, **vals})

    @classmethod
    def _stay(cls, guest, arrival, departure, company=None, **vals):
        return cls.Stay.create(
            {
                "partner_id": guest.id,
                "company_id": (company or cls.property_a).id,
                "arrival_date": arrival,
                "departure_date": departure,
                **vals,
            }
        )
