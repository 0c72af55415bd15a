from odoo import api, models
from odoo.tools import SQL

from .hotel_crm_stay_import import column_defaults

GUEST_SEQUENCE_CODE = "hotel.crm.guest"


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _hotel_next_guest_codes(self, count):
        """``count`` guest codes from the 'Hotel guest' sequence, as ``_hotel_next_guest_code``
        gives them one by one.

        A standard sequence without date ranges (the shipped one) gives them all in one
        statement; any other sequence is drawn from ``count`` times.
        """
        if count <= 0:
            return []
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", GUEST_SEQUENCE_CODE), ("company_id", "in", [self.env.company.id, False])],
            order="company_id",
            limit=1,
        )
        if not sequence or sequence.use_date_range or sequence.implementation != "standard":
            return [self._hotel_next_guest_code() for _i in range(count)]
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        prefix, suffix = sequence._get_prefix_suffix()
        return [f"{prefix}{number:0{sequence.padding}d}{suffix}" for (number,) in self.env.cr.fetchall()]

    @api.model
    def _hotel_import_guest_values(self, vals_list):
        """Complete column values of the guests an import inserts, as ``create`` gives them: the
        defaults (read once for the batch) and hotel_crm's stamps (``_hotel_prepare_guest_vals``).
        A room whose ``create`` stamps new guests adds its values here too."""
        defaults = column_defaults(self)
        return [self._hotel_prepare_guest_vals({**defaults, **vals}) for vals in vals_list]
