# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict
from datetime import date, datetime

import psycopg2

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger

from ..const import CONSENT_CHANNELS
from ..tools import owned_flow
from .ecrm_partner_duplicate import WEB_REASONS

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


# column types of the survivor's values written in SQL
SQL_TYPES = {
    "boolean": "boolean",
    "datetime": "timestamp",
    "date": "date",
    "char": "varchar",
    "selection": "varchar",
    "many2one": "int4",
    "integer": "int4",
    "float": "float8",
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
                withdrawn = profiles.filtered(
                    lambda p, f=fvalue, d=fdate: not p[f] and p[d]
                )
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
        merged profiles); also run after an undo. Candidate pairs naming an
        archived merged profile are dropped (the nightly refresh lists the
        survivor instead; pairs recorded by a web checkout stay)."""
        partner_ids = (self.survivor_id | self.partner_ids).ids
        self.env["res.partner"].sudo()._ecrm_refresh_figures(partner_ids)
        merged = self.filtered(lambda m: m.state == "done").partner_ids
        if merged:
            self.env.cr.execute(
                SQL(
                    """
                DELETE FROM ecrm_partner_duplicate
                 WHERE state = 'new' AND reason <> ALL(%(web)s)
                   AND (partner_id = ANY(%(ids)s) OR duplicate_id = ANY(%(ids)s))
                """,
                    web=list(WEB_REASONS),
                    ids=merged.ids,
                )
            )
            self.env["ecrm.partner.duplicate"].invalidate_model()

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
        # one prefetch for every profile: the checks and values read them at once
        prefetch = tuple({pid for s, src in groups for pid in (s | src).ids})
        groups = [
            (
                survivor.with_prefetch(prefetch),
                (sources - survivor).with_prefetch(prefetch),
            )
            for survivor, sources in groups
        ]
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
                            "company_id": (
                                survivor.company_id or sources.company_id[:1]
                            ).id,
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
                # the merged profiles of every merge in one INSERT
                self.env.flush_all()
                cr.execute(
                    SQL(
                        """
                    INSERT INTO ecrm_merge_res_partner_rel (merge_id, partner_id)
                    SELECT * FROM unnest(%(merges)s::int[], %(ids)s::int[])
                    """,
                        merges=list(merge_of.values()),
                        ids=list(merge_of),
                    )
                )
                merges.invalidate_recordset(["partner_ids"])
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
        moved_phones = []
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
            lines += self._ecrm_lines(
                "move", model_of.get(table), table, column, rows, merge_of
            )
            if keys and info["has_id"]:
                kept = self._ecrm_rows_left(table, column, src, model_column, extra)
                lines += self._ecrm_lines(
                    "keep", model_of.get(table), table, column, kept, merge_of
                )
            if table == "ecrm_partner_phone" and column == "partner_id" and rows:
                lines += self._ecrm_merge_phone_kinds(rows, merge_of)
                moved_phones += [rid for rid, _src in rows]
        self.env.invalidate_all()
        if moved_children:
            # their commercial partner (and what follows it) is the survivor now
            self.env["res.partner"].browse(moved_children).modified(["parent_id"])
        if moved_phones:
            # their company is the survivor's now
            self.env["ecrm.partner.phone"].browse(moved_phones).modified(["partner_id"])
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
        owning consent, one UPDATE per field; the values replaced become merge
        lines."""
        Partner = owned_flow(self.env["res.partner"].sudo())
        merge_by_survivor = {m.survivor_id.id: m.id for m in self}
        survivors = Partner.browse(list(values))
        lines = []
        by_field = defaultdict(dict)
        for survivor in survivors:
            for fname, value in values[survivor.id].items():
                by_field[fname][survivor.id] = value
                lines.append(
                    self._ecrm_value_line(
                        merge_by_survivor[survivor.id],
                        "res.partner",
                        fname,
                        [survivor.id],
                        [json_value(survivor[fname])],
                    )
                )
        self.env.flush_all()
        for fname, new in by_field.items():
            field = Partner._fields[fname]
            sql_type = SQL_TYPES[field.type]
            self.env.cr.execute(
                SQL(
                    """
                UPDATE res_partner p SET %(col)s = m.value
                  FROM unnest(%(ids)s::int[], %(values)s::%(type)s[]) AS m(id, value)
                 WHERE p.id = m.id
                """,
                    col=SQL.identifier(fname),
                    ids=list(new),
                    values=[field.convert_to_column(v, Partner) for v in new.values()],
                    type=SQL(sql_type),
                )
            )
        Partner.invalidate_model(list(by_field))
        # what is computed from them (normalised email...) follows
        survivors.modified(list(by_field))
        return lines
