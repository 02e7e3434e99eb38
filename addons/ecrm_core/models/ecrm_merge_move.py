# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict
from datetime import date, datetime

import psycopg2

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger

from ..tools import owned_flow
from .res_partner_consent import CONSENT_CHANNELS

_logger = logging.getLogger(__name__)

# The merge's own records and those of Odoo's merge wizard never move; candidate
# pairs are closed by their state (see _ecrm_merge_close_pairs).
SKIPPED_PREFIXES = ("ecrm_merge", "base_partner_merge", "ecrm_partner_duplicate")
# Recomputed from parent_id; and the addresses an order was delivered to stay as
# the customer typed them (the archived profile keeps its address).
SKIPPED_COLUMNS = {
    ("res_partner", "commercial_partner_id"),
    ("sale_order", "partner_shipping_id"),
    ("stock_picking", "partner_id"),
    ("account_move", "partner_shipping_id"),
}
# Rows pointing to a partner by (model, id) rather than by a foreign key:
# (table, model column, id column, a column that must be empty).
REFERENCE_COLUMNS = [
    ("mail_message", "model", "res_id", None),
    ("mail_followers", "res_model", "res_id", None),
    ("mail_activity", "res_model", "res_id", None),
    # images and other binary fields of the profile stay with it
    ("ir_attachment", "res_model", "res_id", "res_field"),
]
# A row of these tables that clashes on a unique key with a row of the survivor
# is the same fact (the same follower, number, membership...): it stays on the
# archived profile and the survivor keeps its own. Other clashes stop the merge.
SAME_FACT_TABLES = {
    "mail_followers",
    "ecrm_partner_phone",
    "discuss_channel_member",
    "mail_message_reaction",
    "mail_notification",
    "res_users_settings_volumes",
    "res_partner_bank",
}


def json_value(value):
    """A field value as stored in a merge line (JSON)."""
    if isinstance(value, models.BaseModel):
        return value.id or False
    if isinstance(value, datetime | date):
        return value.isoformat(" ") if isinstance(value, datetime) else str(value)
    return value


class EcrmMerge(models.Model):
    """How a merge moves the rows of the merged profiles, in set-based SQL."""

    _inherit = "ecrm.merge"

    # ------------------------------------------------------------------
    # What other addons extend
    # ------------------------------------------------------------------

    @api.model
    def _ecrm_merge_same_fact_tables(self):
        """Tables whose rows clashing on a unique key are the same fact."""
        return set(SAME_FACT_TABLES)

    @api.model
    def _ecrm_merge_skipped_columns(self):
        """(table, column) pairs the merge never moves."""
        return set(SKIPPED_COLUMNS)

    @api.model
    def _ecrm_merge_survivor_values(self, groups):
        """{survivor id: {field: value}}: what the survivor takes from the
        merged profiles. Consent: the most restrictive answer wins (a
        withdrawal on any profile stays withdrawn, else a consent given on any
        profile); an email the survivor lacks."""
        result = {}
        for survivor, sources in groups:
            profiles = survivor | sources
            vals = {}
            for channel in CONSENT_CHANNELS:
                fvalue = f"ecrm_consent_{channel}"
                fdate, fsource = f"{fvalue}_date", f"{fvalue}_source"
                withdrawn = profiles.filtered(lambda p, f=fvalue, d=fdate: not p[f] and p[d])
                given = profiles.filtered(lambda p, f=fvalue: p[f])
                if withdrawn:
                    last = max(withdrawn, key=lambda p, d=fdate: p[d])
                    new = (False, last[fdate], last[fsource])
                elif given and not survivor[fvalue]:
                    last = max(given, key=lambda p, d=fdate: p[d] or datetime.min)
                    new = (True, last[fdate], last[fsource])
                else:
                    continue
                if (survivor[fvalue], survivor[fdate], survivor[fsource]) != new:
                    vals.update(zip((fvalue, fdate, fsource), new, strict=True))
            if not survivor.email:
                email = next((p.email for p in sources if p.email), False)
                if email:
                    vals["email"] = email
            if vals:
                result[survivor.id] = vals
        return result

    def _ecrm_after_merge(self):
        """Bring what is derived from the moved rows up to date (survivors and
        merged profiles); also run after an undo."""
        partner_ids = (self.survivor_id | self.partner_ids).ids
        self.env["res.partner"].sudo()._ecrm_refresh_figures(partner_ids)
        self.env["ecrm.partner.duplicate"].sudo()._ecrm_refresh(partner_ids)

    # ------------------------------------------------------------------
    # The merge
    # ------------------------------------------------------------------

    @api.model
    def _ecrm_merge_groups(self, groups):
        """Merge each ``(survivor, sources)`` of ``groups``; the merges, one per
        group. All or nothing: a clash on a unique key that is not the same
        fact stops every group with the reason, nothing changed.

        The caller has checked that the user is an eCRM manager.
        """
        groups = [(survivor, sources - survivor) for survivor, sources in groups]
        self._ecrm_merge_check(groups)
        # sudo: a manager was checked by the caller; the merge moves every row
        # of the merged profiles, including those of other departments
        Merge = self.sudo()
        self.env.flush_all()
        cr = self.env.cr
        try:
            with mute_logger("odoo.sql_db"), cr.savepoint():
                merges = Merge.create(
                    [
                        {
                            "survivor_id": survivor.id,
                            "partner_ids": [(6, 0, sources.ids)],
                            "company_id": survivor.company_id.id,
                            "user_id": self.env.uid,
                        }
                        for survivor, sources in groups
                    ]
                )
                merge_of, dst_of = {}, {}
                for merge, (survivor, sources) in zip(merges, groups, strict=True):
                    for source in sources:
                        merge_of[source.id] = merge.id
                        dst_of[source.id] = survivor.id
                values = self._ecrm_merge_survivor_values(groups)
                self.env.flush_all()
                lines = Merge._ecrm_merge_move_all(merge_of, dst_of)
                lines += merges._ecrm_merge_close_pairs()
                lines += merges._ecrm_merge_write_survivors(values)
                self.env.invalidate_all()
                sources = self.env["res.partner"].sudo().browse(list(dst_of))
                sources.write({"active": False})
                self.env.flush_all()
                cr.execute(
                    SQL(
                        """
                    UPDATE res_partner p SET ecrm_merge_id = m.merge
                      FROM unnest(%(ids)s::int[], %(merges)s::int[]) AS m(id, merge)
                     WHERE p.id = m.id
                    """,
                        ids=list(merge_of),
                        merges=list(merge_of.values()),
                    )
                )
                self.env["res.partner"].invalidate_model(["ecrm_merge_id"])
                self.env["ecrm.merge.line"].sudo().create(lines)
                merges._ecrm_after_merge()
                self.env.flush_all()
        except psycopg2.IntegrityError as error:
            self.env.invalidate_all()
            raise UserError(self._ecrm_conflict_message(error)) from None
        _logger.info(
            "uid %s merged %s profiles into %s (merges %s)",
            self.env.uid,
            len(merge_of),
            merges.survivor_id.ids,
            merges.ids,
        )
        return self.browse(merges.ids)

    @api.model
    def _ecrm_merge_check(self, groups):
        Partner = self.env["res.partner"].with_context(active_test=False)
        seen = set()
        for survivor, sources in groups:
            if len(survivor) != 1 or not sources:
                raise UserError(
                    _(
                        "Choose the surviving profile and at least one other "
                        "profile to merge into it."
                    )
                )
            ids = set((survivor | sources).ids)
            if ids & seen:
                raise UserError(_("A profile cannot be merged in two groups at once."))
            seen |= ids
        partners = Partner.browse(seen)
        companies = (
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", list(seen))])
        )
        if companies:
            raise UserError(
                _(
                    "%(names)s is the contact of a company of this database and "
                    "cannot be merged.",
                    names=", ".join(companies.partner_id.mapped("display_name")),
                )
            )
        for survivor, sources in groups:
            group = Partner.browse((survivor | sources).ids)
            names = ", ".join(group.mapped("display_name"))
            if not all(group.mapped("active")):
                raise UserError(
                    _(
                        "%(names)s: only active profiles are merged; an archived "
                        "or already merged profile must be restored first.",
                        names=names,
                    )
                )
            if any(group.mapped("ecrm_anonymised_date")):
                raise UserError(
                    _(
                        "%(names)s: a profile erased under the personal data law "
                        "cannot be merged.",
                        names=names,
                    )
                )
            if len(set(group.mapped(lambda p: p.company_id.id))) > 1:
                raise UserError(
                    _(
                        "%(names)s: profiles of different companies cannot be "
                        "merged.",
                        names=names,
                    )
                )
            if any(
                p.commercial_partner_id != p and p.commercial_partner_id in group
                for p in group
            ):
                raise UserError(
                    _(
                        "%(names)s: a contact cannot be merged with its own "
                        "company.",
                        names=names,
                    )
                )
            if len(group.with_context(active_test=False).user_ids) > 1:
                raise UserError(
                    _(
                        "%(names)s: profiles with more than one login cannot be "
                        "merged.",
                        names=names,
                    )
                )
        partners.invalidate_recordset()

    @api.model
    def _ecrm_merge_move_all(self, merge_of, dst_of):
        """Point every row of the merged profiles to their survivor: each
        foreign key to res.partner (found as Odoo's merge wizard finds them)
        and each (model, id) reference; one UPDATE per column for all groups.
        Returns the values of the merge lines."""
        src = list(dst_of)
        dst = [dst_of[s] for s in src]
        fks = self.env["base.partner.merge.automatic.wizard"]._get_fk_on("res_partner")
        skipped = self._ecrm_merge_skipped_columns()
        same_fact = self._ecrm_merge_same_fact_tables()
        columns = [
            (table, column, None, None)
            for table, column in fks
            if not table.startswith(SKIPPED_PREFIXES) and (table, column) not in skipped
        ]
        meta = self._ecrm_table_meta(
            {c[0] for c in columns} | {r[0] for r in REFERENCE_COLUMNS}
        )
        columns += [
            (table, id_column, model_column, extra)
            for table, model_column, id_column, extra in REFERENCE_COLUMNS
            if table in meta
        ]
        model_of = self._ecrm_model_of_tables()
        lines = []
        moved_children = []
        for table, column, model_column, extra in columns:
            info = meta[table]
            if info["has_id"]:
                keys = info["unique"].get(column) if table in same_fact else None
            else:
                keys = [c for c in info["columns"] if c != column]
                if len(keys) != 1:
                    continue  # not a many2many table: rows cannot be named
            rows = self._ecrm_move_rows(
                table, column, src, dst, keys, info["has_id"], model_column, extra
            )
            if (table, column) == ("res_partner", "parent_id"):
                moved_children += [rid for rid, _src in rows]
            lines += self._ecrm_lines("move", model_of.get(table), table, column, rows, merge_of)
            if keys and info["has_id"]:
                kept = self._ecrm_rows_left(table, column, src, model_column, extra)
                lines += self._ecrm_lines("keep", model_of.get(table), table, column, kept, merge_of)
            if table == "ecrm_partner_phone" and column == "partner_id" and rows:
                lines += self._ecrm_merge_phone_kinds(rows, merge_of)
        self.env.invalidate_all()
        if moved_children:
            # their commercial partner (and what follows it) is the survivor now
            self.env["res.partner"].browse(moved_children).modified(["parent_id"])
        return lines

    @api.model
    def _ecrm_merge_phone_kinds(self, rows, merge_of):
        """The phone and mobile of a merged profile become other numbers of the
        survivor (its own phone and mobile stay what they are)."""
        src_of = dict(rows)
        self.env.cr.execute(
            SQL(
                """
            WITH old AS (SELECT id, kind FROM ecrm_partner_phone
                          WHERE id = ANY(%(ids)s) AND kind <> 'extra')
            UPDATE ecrm_partner_phone ph SET kind = 'extra'
              FROM old WHERE ph.id = old.id
         RETURNING ph.id, old.kind
            """,
                ids=list(src_of),
            )
        )
        by_merge = defaultdict(lambda: ([], []))
        for rid, kind in self.env.cr.fetchall():
            ids, olds = by_merge[merge_of[src_of[rid]]]
            ids.append(rid)
            olds.append(kind)
        return [
            self._ecrm_value_line(merge_id, "ecrm.partner.phone", "kind", ids, olds)
            for merge_id, (ids, olds) in by_merge.items()
        ]

    def _ecrm_merge_close_pairs(self):
        """Candidate pairs inside a merged group are settled ('merged')."""
        grp_ids, members = [], []
        for merge in self:
            for partner in merge.survivor_id | merge.partner_ids:
                members.append(partner.id)
                grp_ids.append(merge.id)
        self.env.cr.execute(
            SQL(
                """
            WITH m(pid, grp) AS (SELECT * FROM unnest(%(ids)s::int[], %(grp)s::int[]))
            UPDATE ecrm_partner_duplicate d SET state = 'merged'
              FROM m a, m b
             WHERE d.partner_id = a.pid AND d.duplicate_id = b.pid
               AND a.grp = b.grp AND d.state = 'new'
         RETURNING d.id, a.grp
            """,
                ids=members,
                grp=grp_ids,
            )
        )
        by_merge = defaultdict(list)
        for pair_id, merge_id in self.env.cr.fetchall():
            by_merge[merge_id].append(pair_id)
        self.env["ecrm.partner.duplicate"].invalidate_model(["state"])
        return [
            self._ecrm_value_line(
                merge_id, "ecrm.partner.duplicate", "state", ids, ["new"] * len(ids)
            )
            for merge_id, ids in by_merge.items()
        ]

    def _ecrm_merge_write_survivors(self, values):
        """Write ``values`` ({survivor id: vals}) on the survivors, as the flow
        owning consent; the values replaced become merge lines."""
        Partner = owned_flow(self.env["res.partner"].sudo())
        merge_by_survivor = {m.survivor_id.id: m.id for m in self}
        lines = []
        by_vals = defaultdict(list)
        for survivor_id, vals in values.items():
            survivor = Partner.browse(survivor_id)
            for fname in vals:
                lines.append(
                    self._ecrm_value_line(
                        merge_by_survivor[survivor_id],
                        "res.partner",
                        fname,
                        [survivor_id],
                        [json_value(survivor[fname])],
                    )
                )
            by_vals[tuple(sorted(vals.items()))].append(survivor_id)
        # one write per distinct set of values
        for vals, ids in by_vals.items():
            Partner.browse(ids).write(dict(vals))
        return lines

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
