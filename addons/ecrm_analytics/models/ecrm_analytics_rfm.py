# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

# The standard R x F map of segment names (R and F scores 1..5).
SEGMENT_CASE = SQL(
    """
    CASE
        WHEN r = 1 AND f = 1 THEN 'lost'
        WHEN r <= 2 AND f <= 2 THEN 'hibernating'
        WHEN r <= 2 AND f <= 4 THEN 'at_risk'
        WHEN r <= 2 THEN 'cannot_lose'
        WHEN r = 3 AND f <= 2 THEN 'about_to_sleep'
        WHEN r = 3 AND f = 3 THEN 'need_attention'
        WHEN r <= 4 AND f >= 4 THEN 'loyal'
        WHEN r = 4 AND f = 1 THEN 'promising'
        WHEN r = 5 AND f = 1 THEN 'new'
        WHEN f <= 3 THEN 'potential_loyalist'
        ELSE 'champions'
    END
    """
)


class EcrmAnalytics(models.AbstractModel):
    _inherit = "ecrm.analytics"

    @api.model
    def _nightly_steps(self):
        return super()._nightly_steps() + [("rfm", "_step_rfm")]

    @api.model
    def _step_rfm(self, run):
        """RFM in two SQL statements: the month's snapshot (quintiles by ntile(5)
        over every customer), then the customers' fields, batch by batch."""
        as_of = self._as_of()
        month = as_of.date().replace(day=1)
        if not run.cursor:
            self._rfm_snapshot(as_of, month)
        ids = self._fetch_array(
            SQL(
                "SELECT partner_id FROM ecrm_rfm_snapshot WHERE company_id = %s "
                "AND month = %s ORDER BY partner_id",
                self.env.company.id,
                month,
            ),
            dtype=int,
        ).reshape(-1)

        def process(lo, hi, _chunk):
            # Most customers keep their scores from one night to the next: their
            # rows (and the indexes of res_partner) are left alone.
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE res_partner p
                       SET ecrm_rfm_code = COALESCE(p.ecrm_rfm_code, '{}'::jsonb)
                               || jsonb_build_object(%(key)s, s.rfm_code),
                           ecrm_rfm_segment = COALESCE(p.ecrm_rfm_segment, '{}'::jsonb)
                               || jsonb_build_object(%(key)s, s.segment)
                      FROM ecrm_rfm_snapshot s
                     WHERE s.partner_id = p.id AND s.company_id = %(company)s
                       AND s.month = %(month)s
                       AND p.id > %(lo)s AND p.id <= %(hi)s
                       AND (p.ecrm_rfm_code ->> %(key)s IS DISTINCT FROM s.rfm_code
                            OR p.ecrm_rfm_segment ->> %(key)s
                               IS DISTINCT FROM s.segment)
                    """,
                    company=self.env.company.id,
                    key=str(self.env.company.id),
                    month=month,
                    lo=lo,
                    hi=hi,
                )
            )

        self._run_batches(run, ids, process)
        self.env["res.partner"].invalidate_model(["ecrm_rfm_code", "ecrm_rfm_segment"])
        return self.env._("%(count)s customers scored", count=len(ids))

    @api.model
    def _rfm_snapshot(self, as_of, month):
        """Replace this month's snapshot with the scores as of ``as_of``.

        Recency counts from the last confirmed order ever; frequency and monetary
        count within the window (``ecrm_analytics.rfm_window_days``, 365)."""
        window = self._param("rfm_window_days", 365, int)
        company = self.env.company.id
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "DELETE FROM ecrm_rfm_snapshot WHERE company_id = %s AND month = %s",
                company,
                month,
            )
        )
        self.env.cr.execute(
            SQL(
                """
                WITH o AS (%(orders)s),
                c AS (
                    SELECT pid,
                           max(date_order) AS last_order,
                           count(*) FILTER (WHERE date_order >= %(start)s) AS frequency,
                           COALESCE(sum(amount) FILTER (WHERE date_order >= %(start)s),
                                    0)
                               AS monetary
                      FROM o GROUP BY pid
                ),
                s AS (
                    SELECT c.*,
                           ntile(5) OVER (ORDER BY last_order, pid) AS r,
                           ntile(5) OVER (ORDER BY frequency, monetary, pid) AS f,
                           ntile(5) OVER (ORDER BY monetary, frequency, pid) AS m
                      FROM c
                )
                INSERT INTO ecrm_rfm_snapshot (
                    partner_id, company_id, month, recency_days, frequency, monetary,
                    r_score, f_score, m_score, rfm_code, segment,
                    create_uid, write_uid, create_date, write_date)
                SELECT pid, %(company)s, %(month)s,
                       %(as_of)s::date - last_order::date,
                       frequency, monetary, r, f, m, concat(r, f, m), %(segment)s,
                       %(uid)s, %(uid)s,
                       now() at time zone 'UTC', now() at time zone 'UTC'
                  FROM s
                """,
                orders=self._orders_sql(as_of),
                start=as_of - timedelta(days=window),
                company=company,
                month=month,
                as_of=as_of,
                segment=SEGMENT_CASE,
                uid=self.env.uid,
            )
        )
        self.env["ecrm.rfm.snapshot"].invalidate_model()
