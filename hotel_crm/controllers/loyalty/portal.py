from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class HotelCrmLoyaltyPortal(CustomerPortal):
    _loyalty_moves_per_page = 20

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "hotel_points_count" in counters:
            partner = request.env.user.partner_id
            values["hotel_points_count"] = (
                request.env["hotel.crm.points.move"].search_count([("partner_id", "=", partner.id)])
                if partner.hotel_guest
                else 0
            )
        return values

    @http.route(["/my/loyalty", "/my/loyalty/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_loyalty(self, page=1, **kw):
        """The signed-in guest's tier, balance, progress, ledger and the rewards catalogue.

        The ledger and the catalogue are read with the guest's own rights (the portal record rules
        restrict the ledger to their own moves). The loyalty fields of a contact are staff-only, so
        the guest's own partner, and nobody else's, is read with sudo() for display.
        """
        partner = request.env.user.partner_id.sudo()
        Move = request.env["hotel.crm.points.move"]
        domain = [("partner_id", "=", partner.id)]
        pager = portal_pager(
            url="/my/loyalty",
            total=Move.search_count(domain),
            page=page,
            step=self._loyalty_moves_per_page,
        )
        moves = Move.search(domain, limit=self._loyalty_moves_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "hotel_loyalty",
                "partner": partner,
                "tier": partner.hotel_tier_id,
                "moves": moves,
                "rewards": request.env["hotel.crm.reward"].search([]),
                "tiers": request.env["hotel.crm.tier"].search([]),
                "pager": pager,
            }
        )
        return request.render("hotel_crm.portal_my_loyalty", values)
