from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    hotel_next_stay_id = fields.Many2one(
        "hotel.crm.stay",
        string="Current / Next Stay",
        compute="_compute_hotel_next_stay_id",
        help="The stay the guest is in the house for, else the first booked stay from today on, at "
        "the properties the user works for.",
    )

    def _compute_hotel_next_stay_id(self):
        Stay = self.env["hotel.crm.stay"]
        # the earliest local date among the user's properties: a stay arriving "today" anywhere counts
        today = min(self.env["res.company"]._hotel_today_by_company(self.env.companies).values())
        stays = Stay.search(
            [
                ("partner_id", "in", self.ids),
                "|",
                ("state", "=", "in_house"),
                "&",
                ("state", "=", "booked"),
                ("departure_date", ">", today),
            ],
            order="arrival_date, id",
        )
        first = {}
        for stay in stays.sorted(lambda s: (s.state != "in_house", s.arrival_date, s.id)):
            first.setdefault(stay.partner_id.id, stay)
        for partner in self:
            partner.hotel_next_stay_id = first.get(partner.id, Stay)
