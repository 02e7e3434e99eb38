# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

import numpy as np

from odoo import api, models
from odoo.tools import SQL

from odoo.addons.ecrm_core.const import ONLINE_CHANNELS

from ..lib import cluster, grade

TOP_CATEGORIES = 4


class EcrmAnalytics(models.AbstractModel):
    _inherit = "ecrm.analytics"

    @api.model
    def _nightly_steps(self):
        return super()._nightly_steps() + [("clusters", "_step_clusters")]

    @api.model
    def _cluster_window_start(self, as_of):
        return as_of - timedelta(days=self._param("rfm_window_days", 365, int))

    @api.model
    def _top_categories(self, as_of):
        self.env.cr.execute(
            SQL(
                """
                SELECT pt.categ_id
                  FROM (%(orders)s) o
                  JOIN sale_order_line sol ON sol.order_id = o.id
                  JOIN product_product pp ON pp.id = sol.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE o.date_order >= %(start)s
                 GROUP BY pt.categ_id
                 ORDER BY sum(sol.price_subtotal) DESC, pt.categ_id
                 LIMIT %(limit)s
                """,
                orders=self._orders_sql(as_of),
                start=self._cluster_window_start(as_of),
                limit=TOP_CATEGORIES,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _cluster_features_sql(self, as_of, categories, lo=None, hi=None):
        """Customers active in the window: pid, then cluster.BASE_FEATURES, then
        the revenue share of each of ``categories``."""
        where = SQL("TRUE") if lo is None else SQL("o.pid > %s AND o.pid <= %s", lo, hi)
        share_cols = SQL("").join(
            SQL(", COALESCE(l.%s, 0)", SQL.identifier(f"c{i}"))
            for i in range(len(categories))
        )
        share_pairs = SQL("").join(
            SQL(
                ", COALESCE(sum(sol.price_subtotal) FILTER (WHERE pt.categ_id = %s)"
                " / NULLIF(sum(sol.price_subtotal), 0), 0) AS %s",
                categ,
                SQL.identifier(f"c{i}"),
            )
            for i, categ in enumerate(categories)
        )
        return SQL(
            """
            WITH o AS (
                SELECT * FROM (%(orders)s) o
                 WHERE o.date_order >= %(start)s AND %(where)s
            ),
            c AS (
                SELECT pid, count(*) AS frequency,
                       %(as_of)s::date - max(date_order)::date AS recency,
                       ln(1 + sum(amount)) AS log_monetary,
                       ln(1 + avg(amount)) AS log_basket,
                       avg((channel IN %(online)s)::int) AS online_share
                  FROM o GROUP BY pid
            ),
            l AS (
                SELECT o.pid,
                       count(*) FILTER (WHERE sol.discount > 0)::float
                           / NULLIF(count(*), 0) AS discount_share
                       %(share_pairs)s
                  FROM o
                  JOIN sale_order_line sol ON sol.order_id = o.id
                  JOIN product_product pp ON pp.id = sol.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 GROUP BY o.pid
            )
            SELECT c.pid, c.frequency, c.recency, c.log_monetary, c.log_basket,
                   c.online_share, COALESCE(l.discount_share, 0) %(share_cols)s
              FROM c LEFT JOIN l ON l.pid = c.pid
             ORDER BY c.pid
            """,
            orders=self._orders_sql(as_of),
            start=self._cluster_window_start(as_of),
            where=where,
            as_of=as_of,
            online=ONLINE_CHANNELS,
            share_pairs=share_pairs,
            share_cols=share_cols,
        )

    @api.model
    def _fit_clusters(self, as_of, run):
        categories = self._top_categories(as_of)
        data = self._fetch_array(self._cluster_features_sql(as_of, categories))
        result = cluster.fit(data[:, 1:]) if len(data) else None
        if not result:
            return None
        scaler, kmeans, silhouette = result
        stability = cluster.stability(scaler.transform(data[:, 1:]), kmeans)
        graded = grade.clusters(silhouette, stability)
        scores = {"grade": graded, "silhouette": silhouette, "stability": stability}
        if graded == "c":
            # No structure worth naming: the clusters of earlier nights stay.
            self._save_payload(run, scores)
            return scores
        centres = cluster.centres(scaler, kmeans)
        mean = data[:, 1:].mean(axis=0)
        names = self.env["product.category"].browse(categories).mapped("name")
        sizes = np.bincount(kmeans.labels_, minlength=len(centres))
        vals, seen = [], {}
        for label, centre in enumerate(centres):
            name = self._cluster_name(cluster.traits(centre, mean, names))
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                name = f"{name} ({seen[name]})"
            share_idx = int(centre[6:].argmax()) if len(categories) else None
            vals.append(
                {
                    "name": name,
                    "run_id": run.id,
                    "sequence": label,
                    "size": int(sizes[label]),
                    "frequency": centre[0],
                    "recency_days": centre[1],
                    "monetary": float(np.expm1(centre[2])),
                    "basket": float(np.expm1(centre[3])),
                    "online_share": centre[4],
                    "discount_share": centre[5],
                    "main_category_id": categories[share_idx]
                    if share_idx is not None
                    else False,
                    "main_category_share": centre[6 + share_idx]
                    if share_idx is not None
                    else 0.0,
                    "silhouette": silhouette,
                }
            )
        clusters = self.env["ecrm.customer.cluster"].create(vals)
        payload = {
            "scaler": scaler,
            "kmeans": kmeans,
            "categories": categories,
            "cluster_ids": clusters.ids,
            **scores,
        }
        self._save_payload(run, payload)
        return payload

    @api.model
    def _cluster_name(self, words):
        """A cluster described in words, e.g. "Frequent small-basket online buyers"."""
        _ = self.env._
        adjectives = {
            ("frequency", "frequent"): _("frequent"),
            ("frequency", "occasional"): _("occasional"),
            ("recency", "lapsed"): _("lapsed"),
            ("basket", "large"): _("large-basket"),
            ("basket", "small"): _("small-basket"),
            ("discount", "discount"): _("discount-seeking"),
            ("channel", "online"): _("online"),
            ("channel", "offline"): _("offline"),
        }
        parts = [
            adjectives[key, words[key]]
            for key in ("frequency", "recency", "basket", "discount", "channel")
            if key in words
        ]
        text = " ".join(parts) if parts else _("average")
        name = _("%(traits)s buyers", traits=text)
        if "category" in words:
            name = _(
                "%(name)s, mostly %(category)s", name=name, category=words["category"]
            )
        return name[:1].upper() + name[1:]

    @api.model
    def _step_clusters(self, run):
        as_of = self._as_of()
        payload = self._load_payload(run) if run.cursor else None
        if not payload:
            payload = self._fit_clusters(as_of, run)
        if not payload:
            return self.env._("Too few active customers to find clusters.")
        run._grade(
            payload["grade"],
            payload["grade"] != "c",
            score_model=payload["silhouette"],
            stability=payload["stability"],
        )
        if payload["grade"] == "c":
            return self.env._(
                "Tonight's clusters are not distinct or stable enough (silhouette "
                "%(silhouette).2f, stability %(stability).2f): customers keep "
                "their clusters.",
                silhouette=payload["silhouette"],
                stability=payload["stability"],
            )
        scaler, kmeans = payload["scaler"], payload["kmeans"]
        cluster_ids = np.array(payload["cluster_ids"])
        ids = self._fetch_array(
            SQL(
                "SELECT DISTINCT o.pid FROM (%s) o WHERE o.date_order >= %s ORDER BY 1",
                self._orders_sql(as_of),
                self._cluster_window_start(as_of),
            ),
            dtype=np.int64,
        ).reshape(-1)

        def process(lo, hi, _chunk):
            data = self._fetch_array(
                self._cluster_features_sql(as_of, payload["categories"], lo, hi)
            )
            if not len(data):
                return
            labels = kmeans.predict(scaler.transform(data[:, 1:]))
            self._update_partners(
                data[:, 0].astype(int),
                {"ecrm_cluster_id": ("int", cluster_ids[labels].tolist())},
            )

        self._run_batches(run, ids, process)
        # The new clusters replace the older ones; customers no longer active
        # lose their stale cluster.
        Cluster = self.env["ecrm.customer.cluster"]
        old = Cluster.search(
            [
                ("company_id", "=", self.env.company.id),
                ("id", "not in", cluster_ids.tolist()),
            ]
        )
        old.active = False
        if old:
            self.env.cr.execute(
                SQL(
                    "UPDATE res_partner SET ecrm_cluster_id = ecrm_cluster_id - %s "
                    "WHERE (ecrm_cluster_id->>%s)::int IN %s",
                    str(self.env.company.id),
                    str(self.env.company.id),
                    tuple(old.ids),
                )
            )
            self.env["res.partner"].invalidate_model(["ecrm_cluster_id"])
        return self.env._(
            "%(count)s customers in %(k)s clusters", count=len(ids), k=len(cluster_ids)
        )
