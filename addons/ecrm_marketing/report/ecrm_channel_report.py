# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

from ..const import CAMPAIGN_CHANNELS


class EcrmChannelReport(models.Model):
    _name = "ecrm.channel.report"
    _description = "Campaign Channel Report"
    _auto = False
    _order = "date desc, campaign_id, channel"
    _rec_name = "campaign_id"

    campaign_id = fields.Many2one("utm.campaign", readonly=True)
    channel = fields.Selection(CAMPAIGN_CHANNELS, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date("Month", readonly=True)
    cost = fields.Monetary(readonly=True)
    impressions = fields.Integer(readonly=True)
    clicks = fields.Integer(readonly=True)
    recipients = fields.Integer(readonly=True)
    interactions = fields.Integer(readonly=True)
    orders = fields.Integer(readonly=True)
    revenue = fields.Monetary(readonly=True, help="Untaxed, in company currency.")
    cost_per_order = fields.Monetary("Cost per Order", readonly=True, aggregator="sum")
    roi = fields.Float(
        "ROI",
        readonly=True,
        aggregator="sum",
        help="(Revenue - Cost) / Cost: 1.5 means every 1 VND spent brought "
        "back 2.5 VND of revenue.",
    )

    # Ratios are recomputed from the sums of each group, never summed.
    def _read_group_select(self, aggregate_spec, query):
        ratios = {
            "roi:sum": "(SUM({t}.revenue) - SUM({t}.cost)) / NULLIF(SUM({t}.cost), 0)",
            "cost_per_order:sum": "SUM({t}.cost) / NULLIF(SUM({t}.orders), 0)",
        }
        if aggregate_spec in ratios:
            fname = aggregate_spec.split(":")[0]
            self._field_to_sql(self._table, fname, query)  # access check
            table = SQL.identifier(self._table).code
            return SQL(ratios[aggregate_spec].format(t=table))
        return super()._read_group_select(aggregate_spec, query)

    @property
    def _table_query(self):
        return SQL(
            """SELECT ROW_NUMBER() OVER () AS id, u.campaign_id, u.channel,
                      u.company_id, u.date,
                      SUM(u.cost) AS cost, SUM(u.impressions) AS impressions,
                      SUM(u.clicks) AS clicks, SUM(u.recipients) AS recipients,
                      SUM(u.interactions) AS interactions, SUM(u.orders) AS orders,
                      SUM(u.revenue) AS revenue,
                      SUM(u.cost) / NULLIF(SUM(u.orders), 0) AS cost_per_order,
                      (SUM(u.revenue) - SUM(u.cost)) / NULLIF(SUM(u.cost), 0) AS roi
                 FROM (%s) u
             GROUP BY u.campaign_id, u.channel, u.company_id, u.date""",
            SQL(" UNION ALL ").join(self._union_parts()),
        )

    def _union_parts(self):
        """One SELECT per source, all with the same columns."""
        return [
            SQL(
                """SELECT c.campaign_id, c.channel, c.company_id,
                          date_trunc('month', c.date)::date AS date,
                          c.amount AS cost, 0 AS impressions, 0 AS clicks,
                          0 AS recipients, 0 AS interactions, 0 AS orders,
                          0 AS revenue
                     FROM ecrm_campaign_cost c"""
            ),
            SQL(
                """SELECT r.campaign_id, r.channel, r.company_id,
                          date_trunc('month', r.date)::date, 0, r.impressions,
                          r.clicks, r.recipients, 0, 0, 0
                     FROM ecrm_campaign_reach r"""
            ),
            # Touchpoints logged about the campaign itself or one of its orders.
            SQL(
                """SELECT COALESCE(camp.id, so.campaign_id),
                          CASE WHEN i.channel IN ('email', 'sms', 'facebook')
                               THEN i.channel ELSE 'other' END,
                          i.company_id, date_trunc('month', i.date)::date,
                          0, 0, 0, 0, 1, 0, 0
                     FROM ecrm_interaction i
                LEFT JOIN utm_campaign camp
                       ON i.res_model = 'utm.campaign' AND camp.id = i.res_id
                LEFT JOIN sale_order so
                       ON i.res_model = 'sale.order' AND so.id = i.res_id
                    WHERE COALESCE(camp.id, so.campaign_id) IS NOT NULL"""
            ),
            SQL(
                """SELECT so.campaign_id, COALESCE(m.ecrm_channel, 'other'),
                          so.company_id,
                          date_trunc('month', so.date_order)::date, 0, 0, 0, 0, 0,
                          1,
                          so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1)
                     FROM sale_order so
                LEFT JOIN utm_medium m ON m.id = so.medium_id
                    WHERE so.state = 'sale' AND so.campaign_id IS NOT NULL"""
            ),
        ]
