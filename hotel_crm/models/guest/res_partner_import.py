from odoo import api, models
from odoo.tools import SQL

from .hotel_crm_stay_import import column_defaults, draw_ids, email_key
from .res_partner import STAY_AGGREGATES

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
        vals_list = [self._hotel_prepare_guest_vals({**defaults, **vals}) for vals in vals_list]
        # the stored computes of a new contact without parent or user, given here (computed after
        # the insert they would cost an UPDATE of every new guest): its own commercial entity (and
        # its name if a company), its name as complete name, its normalised e-mail, not an
        # internal user's partner
        for vals, new_id in zip(vals_list, draw_ids(self, len(vals_list)), strict=True):
            vals["id"] = new_id
            # no stay yet: the stay aggregates are set with the batch's stays (_import_update_guests)
            for fname, (_column, empty) in STAY_AGGREGATES.items():
                vals.setdefault(fname, empty)
            if vals.get("parent_id") or vals.get("company_name") or vals.get("type", "contact") != "contact":
                continue  # computed by the ORM after the insert
            vals["commercial_partner_id"] = new_id
            vals["commercial_company_name"] = vals["name"] if vals.get("is_company") else False
            vals["complete_name"] = (vals.get("name") or "").strip()
            vals["email_normalized"] = vals.get("email") and email_key(vals["email"])
            vals["partner_share"] = True
        return vals_list
