from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _hotel_value_demo(self):
        """Demo story: classify the Jade Garden guests, follow up those at risk, analyse the lost ones."""
        company = self.env.ref("hotel_crm.demo_company_west_lake", raise_if_not_found=False) or self.env.company
        Partner = self.with_company(company)
        # the demo guests are new guests (prospects): entering at risk or churned is a transition
        # with its activity or loss record, opened in the group's guest-relations company
        Partner.hotel_recompute_value(full=True)
        today = company._hotel_today()
        guests = Partner.search([("hotel_guest", "=", True), ("hotel_lifecycle_stage", "in", ("at_risk", "churned"))])
        # guests classified before (no transition): follow them up all the same
        guests.filtered(lambda g: g.hotel_lifecycle_stage == "at_risk")._hotel_schedule_retention(company, today)
        churned = guests.filtered(lambda g: g.hotel_lifecycle_stage == "churned")
        Loss = self.env["hotel.crm.guest.loss"]
        Loss._hotel_open_for(churned, company)
        losses = Loss.search(
            [("partner_id", "in", churned.ids), ("company_id", "=", company.id), ("state", "=", "open")], order="id"
        )
        analyses = [
            ("competitor_offer", "Lakeside Marriott", "Corporate rate 15 % below ours for the same room type."),
            ("service", "Hyatt Regency", "Waited 40 minutes at check-in twice; nobody apologised."),
        ]
        for loss, (reason, competitor, note) in zip(losses, analyses):
            loss.write({"reason": reason, "competitor": competitor, "notes": note, "state": "analysed"})
        return True
