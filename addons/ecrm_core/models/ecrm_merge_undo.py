# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

import psycopg2

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_datetime, mute_logger

from ..tools import owned_flow
from .ecrm_merge_move import REFERENCE_COLUMNS


class EcrmMerge(models.Model):
    """Undoing a merge: the merged profiles come back with exactly what moved."""

    _inherit = "ecrm.merge"

    def _ecrm_undo(self):
        self.ensure_one()
        if self.state == "undone":
            raise UserError(_("This merge was already undone."))
        survivor = self.survivor_id.sudo()
        if self.state == "erased" or not survivor or survivor.ecrm_anonymised_date:
            raise UserError(
                _(
                    "The customer of this merge was erased under the personal "
                    "data law: the merge cannot be undone."
                )
            )
        if not self.can_undo:
            raise UserError(
                _(
                    "A merge can be undone for %(days)s days; this one was made "
                    "on %(date)s.",
                    days=self._ecrm_undo_days(),
                    date=format_datetime(self.env, self.date),
                )
            )
        # sudo: the caller is a manager (action_undo); the rows to move back
        # may belong to any department
        sources = self.partner_ids.sudo().with_context(active_test=False)
        changed = sources.filtered(
            lambda p: p.active or p.ecrm_anonymised_date or p.ecrm_merge_id != self
        )
        if changed:
            raise UserError(
                _(
                    "%(names)s was restored, erased or merged again since this "
                    "merge: it cannot be undone.",
                    names=", ".join(changed.mapped("display_name")),
                )
            )
        self.env.flush_all()
        lines = self.line_ids.sudo()
        moves = lines.filtered(lambda line: line.kind == "move")
        meta = self._ecrm_table_meta(set(moves.mapped("table_name")))
        self._ecrm_undo_check(moves, meta, survivor)
        cr = self.env.cr
        try:
            with mute_logger("odoo.sql_db"), cr.savepoint():
                children, phones = [], []
                for line in moves:
                    self._ecrm_move_back(line, meta[line.table_name], survivor)
                    if (line.table_name, line.field_name) == (
                        "res_partner",
                        "parent_id",
                    ):
                        children += line.record_ids
                    if line.table_name == "ecrm_partner_phone":
                        phones += line.record_ids
                self.env.invalidate_all()
                if children:
                    self.env["res.partner"].browse(children).modified(["parent_id"])
                if phones:
                    self.env["ecrm.partner.phone"].browse(phones).modified(
                        ["partner_id"]
                    )
                self._ecrm_restore_values(
                    lines.filtered(lambda line: line.kind == "value"), survivor, sources
                )
                sources.write({"active": True, "ecrm_merge_id": False})
                self.sudo().write(
                    {
                        "state": "undone",
                        "undo_user_id": self.env.uid,
                        "undo_date": fields.Datetime.now(),
                    }
                )
                self.sudo()._ecrm_after_merge()
                self.env.flush_all()
        except psycopg2.IntegrityError as error:
            self.env.invalidate_all()
            raise UserError(
                _(
                    "The merge cannot be undone: %(reason)s",
                    reason=self._ecrm_conflict_message(error),
                )
            ) from None
        return True

    def _ecrm_undo_check(self, moves, meta, survivor):
        """Refuse if a row the merge moved was deleted or moved since."""
        for line in moves:
            ids = line.record_ids or []
            info = meta.get(line.table_name)
            if info is None:
                missing = len(ids)
            else:
                where = self._ecrm_undo_where(line, info, survivor)
                self.env.cr.execute(
                    SQL(
                        "SELECT count(*) FROM %s t WHERE %s",
                        SQL.identifier(line.table_name),
                        where,
                    )
                )
                missing = len(ids) - self.env.cr.fetchone()[0]
            if missing:
                raise UserError(
                    _(
                        "%(count)s of the %(what)s this merge gave to %(survivor)s "
                        "were deleted or given to another customer since: the "
                        "merge cannot be undone.",
                        count=missing,
                        what=line.model_description,
                        survivor=survivor.display_name,
                    )
                )

    def _ecrm_undo_where(self, line, info, survivor):
        """The rows of ``line`` still pointing to the survivor."""
        col = SQL.identifier(line.field_name)
        ident = SQL.identifier(
            "id"
            if info["has_id"]
            else next(c for c in info["columns"] if c != line.field_name)
        )
        where = [
            SQL("t.%s = ANY(%s)", ident, line.record_ids or []),
            SQL("t.%s = %s", col, survivor.id),
        ]
        for table, model_column, id_column, _extra in REFERENCE_COLUMNS:
            if (line.table_name, line.field_name) == (table, id_column):
                where.append(SQL("t.%s = 'res.partner'", SQL.identifier(model_column)))
        return SQL(" AND ").join(where)

    def _ecrm_move_back(self, line, info, survivor):
        ident = SQL.identifier(
            "id"
            if info["has_id"]
            else next(c for c in info["columns"] if c != line.field_name)
        )
        self.env.cr.execute(
            SQL(
                """
            UPDATE %(tbl)s t SET %(col)s = m.src
              FROM unnest(%(ids)s::int[], %(srcs)s::int[]) AS m(rid, src)
             WHERE t.%(ident)s = m.rid AND %(where)s
            """,
                tbl=SQL.identifier(line.table_name),
                col=SQL.identifier(line.field_name),
                ids=line.record_ids,
                srcs=line.source_ids,
                ident=ident,
                where=self._ecrm_undo_where(line, info, survivor),
            )
        )

    def _ecrm_restore_values(self, lines, survivor, sources):
        """Put back the values the merge replaced, one write per value; a
        decision taken on the survivor after the merge (a consent changed, an
        email typed) is kept."""
        # decided before anything is written back
        emails = set(sources.mapped("email"))
        kept = set()
        if survivor.email not in emails:
            kept.add("email")
        for fname in set(lines.mapped("field_name")):
            if fname.startswith("ecrm_consent_"):
                channel = fname.split("_")[2]
                decided = survivor[f"ecrm_consent_{channel}_date"]
                if decided and decided > self.date:
                    kept.add(fname)
        for line in lines:
            Model = owned_flow(
                self.env[line.res_model]
                .sudo()
                .with_context(active_test=False, ecrm_phone_sync=True)
            )
            fname = line.field_name
            if line.res_model == "res.partner" and fname in kept:
                continue
            if Model._fields[fname].company_dependent:
                # the values of every company at once (jsonb), as they were
                self.env.flush_all()
                self.env.cr.execute(
                    SQL(
                        """
                    UPDATE %(tbl)s t SET %(col)s = m.old::jsonb
                      FROM unnest(%(ids)s::int[], %(olds)s::text[]) AS m(rid, old)
                     WHERE t.id = m.rid
                    """,
                        tbl=SQL.identifier(Model._table),
                        col=SQL.identifier(fname),
                        ids=line.record_ids,
                        olds=[
                            None if old is None else json.dumps(old)
                            for old in line.old_values
                        ],
                    )
                )
                Model.invalidate_model([fname])
                continue
            by_value = {}
            for rid, old in zip(line.record_ids, line.old_values, strict=True):
                by_value.setdefault(old, []).append(rid)
            for old, ids in by_value.items():
                Model.browse(ids).exists().write({fname: old})
