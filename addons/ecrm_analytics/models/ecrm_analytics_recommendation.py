# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

import numpy as np

from odoo import api, fields, models
from odoo.tools import SQL

from ..lib import grade, recommend


class EcrmAnalytics(models.AbstractModel):
    _inherit = "ecrm.analytics"

    @api.model
    def _nightly_steps(self):
        return super()._nightly_steps() + [("recommendations", "_step_recommendations")]

    @api.model
    def _purchase_pairs_sql(self, as_of, lo=None, hi=None):
        """(customer, product, order date rank from the last) of saleable products
        bought in the window; rank 1 is the customer's last order."""
        where = SQL("TRUE") if lo is None else SQL("o.pid > %s AND o.pid <= %s", lo, hi)
        start = as_of - timedelta(days=self._param("rfm_window_days", 365, int))
        return SQL(
            """
            SELECT o.pid, sol.product_id,
                   dense_rank() OVER (PARTITION BY o.pid
                                      ORDER BY o.date_order DESC, o.id DESC) AS recent
              FROM (%(orders)s) o
              JOIN sale_order_line sol ON sol.order_id = o.id
              JOIN product_product pp ON pp.id = sol.product_id AND pp.active
              JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.sale_ok
             WHERE o.date_order >= %(start)s AND %(where)s
             ORDER BY o.pid
            """,
            orders=self._orders_sql(as_of),
            start=start,
            where=where,
        )

    @api.model
    def _fit_recommendations(self, as_of, run):
        pairs = self._fetch_array(self._purchase_pairs_sql(as_of), dtype=np.int64)
        if not len(pairs):
            return None
        customers, rows = np.unique(pairs[:, 0], return_inverse=True)
        products, cols = np.unique(pairs[:, 1], return_inverse=True)
        shape = (len(customers), len(products))
        matrix = recommend.incidence(rows, cols, *shape)
        # Offline evaluation: hold out each customer's last order.
        # A customer with one order has nothing to learn from: not evaluated.
        n_orders = np.zeros(len(customers), dtype=np.int64)
        np.maximum.at(n_orders, rows, pairs[:, 2])
        last = (pairs[:, 2] == 1) & (n_orders[rows] > 1)
        train = recommend.incidence(rows[~last], cols[~last], *shape)
        held = recommend.incidence(rows[last], cols[last], *shape)
        rank = self._param("recommendation_rank", 32, int)
        rates = recommend.hit_rate(train, held, rank=rank)
        # Matrix factorisation serves only where it beats co-purchase on the
        # held-out orders; the evaluation of both is recorded with the run.
        method = (
            "factors" if rates["factors"] > rates["cooccurrence"] else "cooccurrence"
        )
        payload = {
            "products": products,
            "method": method,
            "hit_rate": rates[method],
            "baseline_hit_rate": rates["popularity"],
            "rates": rates,
            "evaluated": rates["evaluated"],
            # Not graded when no held-out order could be checked.
            "grade": grade.recommendations(rates[method], rates["popularity"])
            if rates["evaluated"]
            else False,
        }
        if method == "factors":
            payload["factors"] = recommend.factors(matrix, rank)
        else:
            payload["similarity"] = recommend.item_similarity(matrix)[0]
        self._save_payload(run, payload)
        return payload

    @api.model
    def _step_recommendations(self, run):
        as_of = self._as_of()
        payload = self._load_payload(run) if run.cursor else None
        if not payload:
            payload = self._fit_recommendations(as_of, run)
        if not payload:
            return self.env._("No purchase to learn recommendations from.")
        graded = payload.get("grade")
        run._grade(
            graded,
            graded != "c",
            score_model=payload["hit_rate"],
            score_baseline=payload["baseline_hit_rate"],
        )
        if graded == "c":
            return self.env._(
                "Recommendations lost to the best sellers on %(evaluated)s held-out "
                "last orders (hit-rate@10 %(rate).3f vs %(base).3f): yesterday's "
                "recommendations are kept.",
                evaluated=payload["evaluated"],
                rate=payload["hit_rate"],
                base=payload["baseline_hit_rate"],
            )
        products = payload["products"]
        if payload.get("method") == "factors":
            factors = payload["factors"]

            def recommend_for(history):
                return recommend.recommend_factors(history, factors, top_n)

        else:
            similarity = payload["similarity"]

            def recommend_for(history):
                return recommend.recommend(history, similarity, top_n)

        top_n = self._param("recommendation_count", 10, int)
        company = self.env.company.id
        now = fields.Datetime.now()
        ids = self._fetch_array(
            SQL(
                "SELECT DISTINCT p.pid FROM (%s) p ORDER BY 1",
                self._purchase_pairs_sql(as_of),
            ),
            dtype=np.int64,
        ).reshape(-1)

        def process(lo, hi, _chunk):
            self.env.cr.execute(
                SQL(
                    "DELETE FROM ecrm_recommendation WHERE company_id = %s "
                    "AND partner_id > %s AND partner_id <= %s",
                    company,
                    lo,
                    hi,
                )
            )
            pairs = self._fetch_array(
                self._purchase_pairs_sql(as_of, lo, hi), dtype=np.int64
            )
            known = np.isin(pairs[:, 1], products)
            pairs = pairs[known]
            if not len(pairs):
                return
            customers, rows = np.unique(pairs[:, 0], return_inverse=True)
            cols = np.searchsorted(products, pairs[:, 1])
            history = recommend.incidence(rows, cols, len(customers), len(products))
            partner_ids, product_ids, scores, ranks = [], [], [], []
            for customer, (items, item_scores) in zip(
                customers, recommend_for(history), strict=True
            ):
                for rank, (item, score) in enumerate(
                    zip(items, item_scores, strict=True), start=1
                ):
                    partner_ids.append(int(customer))
                    product_ids.append(int(products[item]))
                    scores.append(round(float(score), 6))
                    ranks.append(rank)
            if partner_ids:
                self.env.cr.execute(
                    SQL(
                        """
                        INSERT INTO ecrm_recommendation (
                            partner_id, product_id, score, rank, company_id, date,
                            create_uid, write_uid, create_date, write_date)
                        SELECT v.partner_id, v.product_id, v.score, v.rank,
                               %(company)s, %(now)s, %(uid)s, %(uid)s, %(now)s, %(now)s
                          FROM unnest(%(partners)s::int[], %(products)s::int[],
                                      %(scores)s::float8[], %(ranks)s::int[])
                            AS v(partner_id, product_id, score, rank)
                        """,
                        company=company,
                        now=now,
                        uid=self.env.uid,
                        partners=partner_ids,
                        products=product_ids,
                        scores=scores,
                        ranks=ranks,
                    )
                )

        self._run_batches(run, ids, process)
        self.env["ecrm.recommendation"].invalidate_model()
        self.env["res.partner"].invalidate_model(["ecrm_recommendation_ids"])
        rates = payload.get("rates") or {}
        return self.env._(
            "%(count)s customers, recommended by %(method)s; hit-rate@10 on "
            "%(evaluated)s held-out last orders: co-purchase %(cooc).3f, matrix "
            "factorisation %(factors).3f, popularity %(base).3f",
            count=len(ids),
            method=self.env._("matrix factorisation")
            if payload.get("method") == "factors"
            else self.env._("co-purchase"),
            evaluated=payload["evaluated"],
            cooc=rates.get("cooccurrence", payload["hit_rate"]),
            factors=rates.get("factors", 0.0),
            base=payload["baseline_hit_rate"],
        )
