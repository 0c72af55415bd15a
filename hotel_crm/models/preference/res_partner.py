from odoo import api, fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    hotel_preference_ids = fields.One2many("hotel.crm.preference", "partner_id", string="Preferences")
    hotel_preference_count = fields.Integer(string="Preference Count", compute="_compute_hotel_preference_count")

    def _compute_hotel_preference_count(self):
        groups = self.env["hotel.crm.preference"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.hotel_preference_count = counts.get(partner.id, 0)

    hotel_restricted_preference_count = fields.Integer(
        string="Restricted Notes",
        compute="_compute_hotel_restricted_preference_count",
        help="Sensitive preferences (allergies, health) of the guest, visible to authorised staff "
        "only: everyone sees how many there are, never what they say.",
    )

    def _compute_hotel_restricted_preference_count(self):
        # a count only, read past the record rule that hides the items themselves
        groups = (
            self.env["hotel.crm.preference"]
            .sudo()
            ._read_group([("partner_id", "in", self.ids), ("sensitive", "=", True)], ["partner_id"], ["__count"])
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.hotel_restricted_preference_count = counts.get(partner.id, 0)

    def action_hotel_view_preferences(self):
        return self._hotel_guest_action("hotel_crm.hotel_crm_preference_action")

    # ------------------------------------------------------------------
    # Inference (run by the nightly value recompute on the guests whose stays changed)
    # ------------------------------------------------------------------
    @api.model
    def _hotel_infer_preferences(self, scope):
        """Propose as ``inferred`` a room type, bed or floor repeated in 2 of the last 3 stays.

        Never duplicates an existing preference of the same category and value (compared
        case-insensitively, stated, observed, inferred or archived: an archived inferred
        preference is a proposal the guest declined, not proposed again). A category sensitive by
        default is inferred only for guests who gave the sensitive-data consent (privacy room,
        ``hotel_consent_sensitive``); for the others it is skipped, not an error.

        :param scope: ``odoo.tools.SQL`` condition on ``res_partner p``, the guests to look at
        :return: int, the number of preferences proposed
        """
        cr = self.env.cr
        # the categories and the guests' sensitive-data consent are read by SQL: flushed first
        self.env["hotel.crm.preference.category"].flush_model()
        self.flush_model(["hotel_consent_sensitive"])
        cr.execute(
            SQL(
                """
            WITH last3 AS (
                SELECT s.partner_id, s.room_type, s.bed_type, s.floor
                  FROM (SELECT s.*, row_number() OVER (PARTITION BY s.partner_id
                                                       ORDER BY s.arrival_date DESC, s.id DESC) AS rn
                          FROM hotel_crm_stay s
                         WHERE s.state = 'checked_out'
                           AND s.partner_id IN (SELECT p.id FROM res_partner p WHERE %(scope)s)) s
                 WHERE s.rn <= 3
            ), vals AS (
                SELECT partner_id, 'room_type' AS code, btrim(room_type) AS value FROM last3
                UNION ALL SELECT partner_id, 'bed', btrim(bed_type) FROM last3
                UNION ALL SELECT partner_id, 'floor', btrim(floor) FROM last3
            ), repeated AS (
                SELECT partner_id, code, min(value) AS value
                  FROM vals
                 WHERE COALESCE(value, '') != ''
                 GROUP BY partner_id, code, lower(value)
                HAVING count(*) >= 2
            )
            INSERT INTO hotel_crm_preference
                   (partner_id, category_id, value, source, sensitive, sequence, active,
                    create_uid, create_date, write_uid, write_date)
            SELECT r.partner_id, c.id, r.value, 'inferred', COALESCE(c.sensitive, false), 10, true,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM repeated r
              JOIN hotel_crm_preference_category c ON c.code = r.code AND c.inferable AND c.active
              JOIN res_partner g ON g.id = r.partner_id
             WHERE (NOT COALESCE(c.sensitive, false) OR g.hotel_consent_sensitive IS TRUE)
               AND NOT EXISTS (
                   SELECT 1 FROM hotel_crm_preference e
                    WHERE e.partner_id = r.partner_id AND e.category_id = c.id
                      AND lower(btrim(e.value)) = lower(r.value))
            ON CONFLICT DO NOTHING
            """,
                scope=scope,
                uid=self.env.uid,
            )
        )
        return cr.rowcount
