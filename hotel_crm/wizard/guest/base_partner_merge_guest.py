"""Merging guests loses nothing.

Odoo's partner-merge wizard moves the rows of every table pointing to ``res.partner`` by one SQL
``UPDATE`` per column; when that update hits a unique key, it deletes *all* the source guest's rows
of that table (past years' greetings included). Before Odoo's update, the rows that would collide
are combined by the rules below (``hotel_crm/readme/USAGE.md`` states them for users); after
it, every hotel_crm table with a many2one to ``res.partner`` (found by walking the registry, so
tables added later are covered too) is counted again, and the merge is refused, with the table
named, if a row went missing.
"""

from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _hotel_partner_references(self):
        """``[(model name, field name)]``: every stored many2one to ``res.partner`` of the hotel_crm
        tables (models named ``hotel.crm.*``, SQL-view reports and wizards left out)."""
        refs = []
        for name in sorted(self.env.registry):
            Model = self.env[name]
            if not name.startswith("hotel.crm.") or Model._abstract or Model._transient or not Model._auto:
                continue
            for fname, field in Model._fields.items():
                if field.type == "many2one" and field.comodel_name == "res.partner" and field.store:
                    refs.append((name, fname))
        return refs

    def _hotel_count_rows(self, refs, partners):
        counts = {}
        for model, fname in refs:
            Model = self.env[model]
            self.env.cr.execute(
                SQL(
                    "SELECT COUNT(*) FROM %s WHERE %s IN %s",
                    SQL.identifier(Model._table),
                    SQL.identifier(fname),
                    tuple(partners.ids),
                )
            )
            counts[model, fname] = self.env.cr.fetchone()[0]
        return counts

    def _hotel_merge_rules(self):
        """``{(model, field): rule}``: how rows that would collide on a unique key are combined.

        A rule is called with ``(src_partners, dst_partner)`` before Odoo moves the rows and
        returns how many rows it folded into another one. Override to add the rule of a new table.
        """
        return {
            ("hotel.crm.preference", "partner_id"): self._hotel_merge_preferences,
            ("hotel.crm.greeting", "partner_id"): self._hotel_merge_greetings,
            ("hotel.crm.guest.loss", "partner_id"): self._hotel_merge_losses,
        }

    def _update_foreign_keys(self, src_partners, dst_partner):
        self.env.flush_all()
        refs = self._hotel_partner_references()
        partners = src_partners | dst_partner
        before = self._hotel_count_rows(refs, partners)
        folded = defaultdict(int)
        for key, rule in self._hotel_merge_rules().items():
            folded[key] += rule(src_partners, dst_partner)
        self.env.flush_all()
        res = super()._update_foreign_keys(src_partners, dst_partner)
        after = self._hotel_count_rows(refs, partners)
        for key in refs:
            lost = before[key] - folded[key] - after[key]
            if lost > 0:
                model = self.env["ir.model"]._get(key[0])
                raise UserError(
                    _(
                        "These contacts cannot be merged: %(count)s %(table)s record(s) of the merged contacts "
                        "would be deleted (they collide with a record of the contact kept). Merge them by hand "
                        "first, then merge the contacts.",
                        count=lost,
                        table=model.name,
                    )
                )
        return res

    # ------------------------------------------------------------------
    # Rules
    # ------------------------------------------------------------------
    def _hotel_merge_rows(self, model, domain, key, src_partners, dst_partner):
        """``[(kept, [folded…])]``: the rows of ``model`` of the merged guests grouped by ``key`` (a
        function of a row), only groups of more than one; the kept row is the survivor's, else the oldest."""
        rows = (
            self.env[model]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", (src_partners | dst_partner).ids), *domain], order="id")
        )
        groups = defaultdict(list)
        for row in rows:
            groups[key(row)].append(row)
        result = []
        for group in groups.values():
            if len(group) > 1:
                group.sort(key=lambda r: (r.partner_id != dst_partner, r.id))
                result.append((group[0], group[1:]))
        return result

    def _hotel_merge_preferences(self, src_partners, dst_partner):
        """The same preference (category and value) on two merged guests is kept once."""
        groups = self._hotel_merge_rows(
            "hotel.crm.preference", [], lambda p: (p.category_id.id, p.value), src_partners, dst_partner
        )
        folded = self.env["hotel.crm.preference"].sudo().browse([r.id for _kept, rows in groups for r in rows])
        folded.unlink()
        return len(folded)

    def _hotel_merge_greetings(self, src_partners, dst_partner):
        """One greeting per occasion and year: when both guests were greeted for the same occasion
        in the same year, the survivor's greeting is kept and takes over the other's e-mail and
        bonus if it has none; the bonus points stay in the ledger (moved to the survivor) and now
        name the kept greeting as their origin. Greetings of other years are all moved."""
        groups = self._hotel_merge_rows(
            "hotel.crm.greeting", [], lambda g: (g.occasion, g.year), src_partners, dst_partner
        )
        Move = self.env["hotel.crm.points.move"].sudo()
        count = 0
        for kept, rows in groups:
            for row in rows:
                vals = {}
                if not kept.mail_id and row.mail_id:
                    vals["mail_id"] = row.mail_id.id
                if not kept.points_move_id and row.points_move_id:
                    vals["points_move_id"] = row.points_move_id.id
                if vals:
                    kept.write(vals)
                moves = Move.search([("origin_model", "=", "hotel.crm.greeting"), ("origin_id", "=", row.id)])
                if moves:
                    self.env.cr.execute(
                        SQL(
                            "UPDATE hotel_crm_points_move SET origin_id = %s WHERE id IN %s",
                            kept.id,
                            tuple(moves.ids),
                        )
                    )
                    moves.invalidate_recordset(["origin_id"])
                row.unlink()
                count += 1
        return count

    def _hotel_merge_losses(self, src_partners, dst_partner):
        """One open loss record per guest and property: the survivor's (else the oldest) is kept;
        the other's reason, competitor and improvement proposal fill it where empty, its notes are
        added to the kept notes, and its messages and activities move to the kept record."""
        groups = self._hotel_merge_rows(
            "hotel.crm.guest.loss", [("state", "!=", "won_back")], lambda r: r.company_id.id, src_partners, dst_partner
        )
        count = 0
        for kept, rows in groups:
            for row in rows:
                vals = {
                    fname: row[fname]
                    for fname in ("reason", "competitor", "improvement_proposal")
                    if not kept[fname] and row[fname]
                }
                if row.notes:
                    vals["notes"] = (kept.notes or Markup()) + row.notes
                if vals:
                    kept.with_context(mail_notrack=True).write(vals)
                for table, model_column in (("mail_message", "model"), ("mail_activity", "res_model")):
                    self.env.cr.execute(
                        SQL(
                            "UPDATE %s SET res_id = %s WHERE %s = %s AND res_id = %s",
                            SQL.identifier(table),
                            kept.id,
                            SQL.identifier(model_column),
                            "hotel.crm.guest.loss",
                            row.id,
                        )
                    )
                self.env.invalidate_all()
                row.unlink()
                count += 1
        return count
