# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, models
from odoo.tools import SQL

from ..const import SCORE_FIELDS


class EcrmMerge(models.Model):
    """A merge keeps the analytics scores: the survivor takes, for each company
    where it has none yet, the scores of a merged profile (until the nightly
    run scores the merged history); monthly RFM snapshots of the same month
    stay with their profile."""

    _inherit = "ecrm.merge"

    @api.model
    def _ecrm_merge_same_fact_tables(self):
        return super()._ecrm_merge_same_fact_tables() | {"ecrm_rfm_snapshot"}

    @api.model
    def _ecrm_merge_move_all(self, merge_of, dst_of):
        lines = super()._ecrm_merge_move_all(merge_of, dst_of)
        merge_of_dst = {dst_of[src]: merge_id for src, merge_id in merge_of.items()}
        src = list(dst_of)
        dst = [dst_of[s] for s in src]
        cr = self.env.cr
        for fname in SCORE_FIELDS:
            if fname not in self.env["res.partner"]._fields:
                continue
            col = SQL.identifier(fname)
            cr.execute(
                SQL(
                    """
                WITH m(src, dst) AS (
                         SELECT * FROM unnest(%(src)s::int[], %(dst)s::int[])),
                     agg AS (SELECT m.dst, jsonb_object_agg(e.key, e.value) AS val
                               FROM m
                               JOIN res_partner s ON s.id = m.src
                              CROSS JOIN LATERAL jsonb_each(s.%(col)s) e
                              GROUP BY m.dst),
                     old AS (SELECT p.id, p.%(col)s AS val
                               FROM res_partner p JOIN agg ON agg.dst = p.id)
                UPDATE res_partner p
                   SET %(col)s = agg.val || COALESCE(p.%(col)s, '{}'::jsonb)
                  FROM agg, old
                 WHERE p.id = agg.dst AND old.id = p.id
                   AND agg.val || COALESCE(p.%(col)s, '{}'::jsonb)
                       IS DISTINCT FROM p.%(col)s
             RETURNING p.id, old.val
                """,
                    src=src,
                    dst=dst,
                    col=col,
                )
            )
            by_merge = defaultdict(lambda: ([], []))
            for partner_id, old in cr.fetchall():
                ids, olds = by_merge[merge_of_dst[partner_id]]
                ids.append(partner_id)
                olds.append(old)
            lines += [
                self._ecrm_value_line(merge_id, "res.partner", fname, ids, olds)
                for merge_id, (ids, olds) in by_merge.items()
            ]
        self.env["res.partner"].invalidate_model(list(SCORE_FIELDS))
        return lines
