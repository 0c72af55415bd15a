from datetime import date, datetime, timedelta

from odoo.tools import SQL

from ..common import HotelCrmCommon

# the moment the tests' campaigns are sent (UTC, as Odoo stores it), and a day of history before it
SENT = datetime(2025, 3, 1, 10, 0)
HISTORY = date(2024, 6, 1)


class CampaignCommon(HotelCrmCommon):
    """Guests of ``property_a`` (each with a past stay there), a margin of 40 % and helpers that send a
    campaign through its real path and date a stay's booking."""

    env_context = {**HotelCrmCommon.env_context, "mail_create_nolog": True, "mail_notrack": True}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.property_a.hotel_clv_margin_pct = 40.0
        cls.property_a.hotel_tz = "UTC"
        cls.Campaign = cls.env["hotel.crm.campaign"]
        cls.Response = cls.env["hotel.crm.campaign.response"]
        cls.ref_no = 0

    @classmethod
    def _guests(cls, count, prefix="Campaign Guest", consent=True, company=None):
        """``count`` guests with an e-mail, e-mail consent as given and one checked-out stay in the past."""
        guests = cls.env["res.partner"]
        for index in range(count):
            guest = cls._guest(f"{prefix} {index}", email=f"{prefix.lower().replace(' ', '.')}.{index}@example.com")
            guest.hotel_consent_email = consent
            guest.hotel_consent_marketing = consent
            cls._booking(guest, HISTORY, state="checked_out", company=company)
            guests |= guest
        return guests

    @classmethod
    def _booking(cls, guest, arrival, booked=None, revenue=0.0, company=None, **vals):
        """A stay of ``guest`` arriving ``arrival`` for two nights; ``booked`` (a datetime) is written as
        its creation moment, the booking moment of the attribution."""
        cls.ref_no += 1
        stay = cls.Stay.with_context(hotel_no_preference_service=True).create(
            {
                "partner_id": guest.id,
                "company_id": (company or cls.property_a).id,
                "external_ref": f"CMP{cls.ref_no:05d}",
                "arrival_date": arrival,
                "departure_date": arrival + timedelta(days=2),
                "revenue_room": revenue,
                **vals,
            }
        )
        if booked:
            stay.flush_recordset()
            cls.env.cr.execute(SQL("UPDATE hotel_crm_stay SET create_date = %s WHERE id = %s", booked, stay.id))
            stay.invalidate_recordset(["create_date"])
        return stay

    def _campaign(self, guests, user=None, **vals):
        """A campaign of ``property_a`` on exactly ``guests`` (a domain naming them), created as the
        manager, its message written in Email Marketing."""
        campaign = (
            self.Campaign.with_user(user or self.user_manager)
            .with_company(self.property_a)
            .create(
                {
                    "name": vals.pop("name", "Test campaign"),
                    "company_id": self.property_a.id,
                    "segment_domain": repr([("id", "in", guests.ids)]),
                    **vals,
                }
            )
        )
        campaign.mailing_id.write({"body_arch": "<p>Come back soon</p>", "body_html": "<p>Come back soon</p>"})
        return campaign

    def _send(self, campaign, sent=SENT):
        """Send as the manager (selection and queue), let Email Marketing send the mailing, then date
        the send ``sent``."""
        campaign.action_send()
        campaign.mailing_id.sudo().action_send_mail()
        campaign.sudo().write({"sent_date": sent})
        return campaign

    def _traced(self, campaign):
        """The guests the campaign's mailing wrote to (its mailing traces)."""
        traces = self.env["mailing.trace"].sudo().search([("mass_mailing_id", "=", campaign.mailing_id.id)])
        return self.env["res.partner"].browse(traces.mapped("res_id"))

    def _members(self, campaign, holdout):
        return campaign.sudo().member_ids.filtered(lambda m: m.holdout == holdout).partner_id
