# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from itertools import pairwise

from odoo import fields, models
from odoo.tools import SQL

BANDS = [0, 500000, 1000000, 2000000, 5000000, 10000000, 20000000, 50000000, 100000000]


class EcrmClvDistribution(models.Model):
    _name = "ecrm.clv.distribution"
    _description = "Lifetime Value Distribution"
    _auto = False
    _order = "band"
    _depends = {"res.partner": ["ecrm_clv"]}

    company_id = fields.Many2one("res.company", readonly=True)
    band = fields.Integer(readonly=True)
    name = fields.Char("Lifetime Value Band", readonly=True)
    customers = fields.Integer(readonly=True, aggregator="sum")
    clv = fields.Float(
        "Total Lifetime Value", readonly=True, digits=(16, 0), aggregator="sum"
    )

    @property
    def _table_query(self):
        """Customers by lifetime value band (VND, bands widen on a log scale),
        per company: the lifetime value is company-dependent (each company
        values the orders placed with it), and a user sees the bands of their
        companies only (record rule)."""
        _ = self.env._
        labels = [
            _("%(low)s–%(high)sM", low=f"{a / 1e6:g}", high=f"{b / 1e6:g}")
            for a, b in pairwise(BANDS)
        ] + [_("≥ %(low)sM", low=f"{BANDS[-1] / 1e6:g}")]
        return SQL(
            """
            SELECT b.company_id * 100 + b.band AS id, b.company_id, b.band,
                   (%(labels)s::text[])[b.band] AS name, b.customers, b.clv
              FROM (
                SELECT v.company_key::int AS company_id,
                       width_bucket(v.clv::numeric, %(bands)s::numeric[]) AS band,
                       count(*) AS customers, sum(v.clv::numeric) AS clv
                  FROM res_partner p,
                       jsonb_each_text(p.ecrm_clv) AS v(company_key, clv)
                 WHERE v.clv IS NOT NULL AND v.clv::numeric > 0
                 GROUP BY 1, 2
              ) b
            """,
            labels=labels,
            bands=BANDS,
        )
