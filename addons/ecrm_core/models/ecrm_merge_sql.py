# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import _, api, models
from odoo.tools import SQL


class EcrmMerge(models.Model):
    """The SQL of a merge: moving the rows of a column, reading the catalog,
    naming a clash."""

    _inherit = "ecrm.merge"

    # ------------------------------------------------------------------
    # SQL helpers
    # ------------------------------------------------------------------

    @api.model
    def _ecrm_move_rows(
        self, table, column, src, dst, keys, has_id, model_column=None, extra=None
    ):
        """Point the rows of ``table`` whose ``column`` is one of ``src`` to the
        matching ``dst``; ``[(row, source)]`` of the rows moved (row: its id,
        or the value of the other column of a many2many table). With ``keys``,
        a row whose ``keys`` the destination already has is left alone."""
        tbl = SQL.identifier(table)
        col = SQL.identifier(column)
        ident = SQL.identifier("id" if has_id else keys[0])
        where = [SQL("TRUE")]
        if model_column:
            where.append(SQL("t.%s = 'res.partner'", SQL.identifier(model_column)))
        if extra:
            where.append(SQL("t.%s IS NULL", SQL.identifier(extra)))
        where = SQL(" AND ").join(where)
        if keys:
            same = SQL(" AND ").join(
                SQL("d.%(k)s = t.%(k)s", k=SQL.identifier(k)) for k in keys
            )
            order = SQL(", ").join(SQL("t.%s", SQL.identifier(k)) for k in keys)
            picked = SQL(
                """
                SELECT DISTINCT ON (m.dst, %(order)s) t.%(ident)s AS rid, m.src, m.dst
                  FROM %(tbl)s t JOIN m ON t.%(col)s = m.src
                 WHERE %(where)s AND NOT EXISTS (
                       SELECT 1 FROM %(tbl)s d WHERE d.%(col)s = m.dst AND %(same)s)
              ORDER BY m.dst, %(order)s, t.%(ident)s
                """,
                order=order,
                ident=ident,
                tbl=tbl,
                col=col,
                where=where,
                same=same,
            )
        else:
            picked = SQL(
                "SELECT t.%(ident)s AS rid, m.src, m.dst "
                "FROM %(tbl)s t JOIN m ON t.%(col)s = m.src WHERE %(where)s",
                ident=ident,
                tbl=tbl,
                col=col,
                where=where,
            )
        if has_id:
            match = SQL("t.id = p.rid")
        else:
            match = SQL("t.%s = p.rid AND t.%s = p.src", ident, col)
        self.env.cr.execute(
            SQL(
                """
            WITH m(src, dst) AS (SELECT * FROM unnest(%(src)s::int[], %(dst)s::int[])),
                 p AS (%(picked)s)
            UPDATE %(tbl)s t SET %(col)s = p.dst FROM p WHERE %(match)s
         RETURNING p.rid, p.src
            """,
                src=src,
                dst=dst,
                picked=picked,
                tbl=tbl,
                col=col,
                match=match,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _ecrm_rows_left(self, table, column, src, model_column=None, extra=None):
        """``[(id, source)]`` of the rows still on the merged profiles."""
        where = [SQL("%s = ANY(%s)", SQL.identifier(column), src)]
        if model_column:
            where.append(SQL("%s = 'res.partner'", SQL.identifier(model_column)))
        if extra:
            where.append(SQL("%s IS NULL", SQL.identifier(extra)))
        self.env.cr.execute(
            SQL(
                "SELECT id, %s FROM %s WHERE %s",
                SQL.identifier(column),
                SQL.identifier(table),
                SQL(" AND ").join(where),
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _ecrm_lines(self, kind, res_model, table, column, rows, merge_of):
        by_merge = defaultdict(lambda: ([], []))
        for rid, src in rows:
            ids, srcs = by_merge[merge_of[src]]
            ids.append(rid)
            srcs.append(src)
        return [
            {
                "merge_id": merge_id,
                "kind": kind,
                "res_model": res_model,
                "table_name": table,
                "field_name": column,
                "record_ids": ids,
                "source_ids": srcs,
                "record_count": len(ids),
            }
            for merge_id, (ids, srcs) in by_merge.items()
        ]

    @api.model
    def _ecrm_value_line(self, merge_id, res_model, fname, ids, olds):
        return {
            "merge_id": merge_id,
            "kind": "value",
            "res_model": res_model,
            "table_name": self.env[res_model]._table,
            "field_name": fname,
            "record_ids": ids,
            "old_values": olds,
            "record_count": len(ids),
        }

    @api.model
    def _ecrm_table_meta(self, tables):
        """{table: {"has_id", "columns", "unique": {column: other columns of
        its first plain unique index}}} from the catalog."""
        cr = self.env.cr
        cr.execute(
            SQL(
                """
            SELECT c.relname,
                   ARRAY(SELECT a.attname::text FROM pg_attribute a
                          WHERE a.attrelid = c.oid AND a.attnum > 0
                            AND NOT a.attisdropped ORDER BY a.attnum)
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relname = ANY(%s) AND c.relkind = 'r'
               AND n.nspname = current_schema()
            """,
                list(tables),
            )
        )
        meta = {
            name: {"has_id": "id" in cols, "columns": cols, "unique": {}}
            for name, cols in cr.fetchall()
        }
        cr.execute(
            SQL(
                """
            SELECT c.relname,
                   ARRAY(SELECT a.attname::text
                           FROM unnest(i.indkey::int2[]) k
                           JOIN pg_attribute a
                             ON a.attrelid = i.indrelid AND a.attnum = k)
              FROM pg_index i
              JOIN pg_class c ON c.oid = i.indrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relname = ANY(%s) AND i.indisunique AND NOT i.indisprimary
               AND i.indexprs IS NULL AND n.nspname = current_schema()
          ORDER BY i.indexrelid
            """,
                list(meta),
            )
        )
        for name, cols in cr.fetchall():
            for column in cols:
                meta[name]["unique"].setdefault(
                    column, [c for c in cols if c != column]
                )
        return meta

    @api.model
    def _ecrm_model_of_tables(self):
        return {
            model._table: name
            for name, model in self.env.registry.items()
            if not model._abstract and model._auto and not model._transient
        }

    @api.model
    def _ecrm_conflict_message(self, error):
        table = error.diag.table_name
        constraint = error.diag.constraint_name
        model_name = self._ecrm_model_of_tables().get(table)
        what = table
        rule = constraint
        if model_name:
            Model = self.env[model_name]
            what = self.env["ir.model"]._get(model_name).name or table
            for key, _definition, message in Model._sql_constraints:
                if f"{Model._table}_{key}" == constraint:
                    rule = message
        return _(
            "The merge was stopped and nothing was changed: the %(what)s of the "
            "profiles cannot all belong to one customer (“%(rule)s”). Settle "
            "this first, for example by keeping only one of them, then merge "
            "again.",
            what=what,
            rule=rule,
        )
