"""Demo partner story at Jade Garden West Lake.

Two OTAs (Cloud Journeys, Panda Holidays), a travel agency (Silk Road Tours), a corporate account
(Orient Pharma) and a laundry supplier (Fresh Linen). Every OTA, agency and corporate stay of the
demo is given its booker; West Lake evaluated them over the last two quarters: Cloud Journeys
improved its responsiveness and overtook Panda Holidays, whose cancellations grew, and the laundry's
quality dropped after a change of driver.
"""

from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

# partner xml id -> scores (0-10, in criterion order) for the quarter before last and the last one
SCORES = {
    "demo_partner_cloud_journeys": ([7, 5, 7, 6, 8], [8, 8, 7, 7, 8]),
    "demo_partner_panda_holidays": ([8, 7, 6, 7, 7], [6, 6, 6, 7, 6]),
    "demo_partner_silk_road_tours": ([7, 8, 9, 6, 7], [8, 8, 9, 7, 7]),
    "demo_partner_orient_pharma": ([9, 7, 8, 8, 9], [9, 8, 8, 8, 9]),
    "demo_partner_fresh_linen": ([8, 7, 7, 7, 6], [5, 6, 7, 7, 6]),
}
# channel -> the bookers its demo stays are shared between
BOOKERS = {
    "ota": ["demo_partner_cloud_journeys", "demo_partner_panda_holidays"],
    "travel_agency": ["demo_partner_silk_road_tours"],
    "corporate": ["demo_partner_orient_pharma"],
}


class HotelCrmPartnerEvaluation(models.Model):
    _inherit = "hotel.crm.partner.evaluation"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _hotel_demo_populate_partners(self):
        env = self.env
        ref = env.ref
        Stay = env["hotel.crm.stay"]
        Stay.flush_model()
        # bookers by channel, shared out by stay id: one statement per channel
        for channel, xmlids in BOOKERS.items():
            env.cr.execute(
                SQL(
                    "UPDATE hotel_crm_stay SET booker_id = (%s::int[])[mod(id, %s) + 1] "
                    "WHERE channel = %s AND booker_id IS NULL",
                    [ref(f"hotel_crm.{xmlid}").id for xmlid in xmlids],
                    len(xmlids),
                    channel,
                )
            )
        Stay.invalidate_model(["booker_id"])
        west_lake = ref("hotel_crm.demo_company_west_lake")
        evaluator = ref("hotel_crm.demo_user_guest_relations")
        criteria = env["hotel.crm.partner.criterion"]._hotel_check_weights()
        today = west_lake._hotel_today()
        quarter_start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        last_end = quarter_start - timedelta(days=1)
        last_start = last_end.replace(month=(last_end.month - 1) // 3 * 3 + 1, day=1)
        before_end = last_start - timedelta(days=1)
        before_start = before_end.replace(month=(before_end.month - 1) // 3 * 3 + 1, day=1)
        vals_list = []
        for xmlid, quarters in SCORES.items():
            for (date_from, date_to), scores in zip(((before_start, before_end), (last_start, last_end)), quarters):
                vals_list.append(
                    {
                        "partner_id": ref(f"hotel_crm.{xmlid}").id,
                        "company_id": west_lake.id,
                        "date_from": date_from,
                        "date_to": date_to,
                        "evaluator_id": evaluator.id,
                        "line_ids": [
                            (0, 0, {"criterion_id": criterion.id, "score": str(score)})
                            for criterion, score in zip(criteria, scores)
                        ],
                    }
                )
        evaluations = self.with_company(west_lake).create(vals_list)
        evaluations.action_done()
        return evaluations
