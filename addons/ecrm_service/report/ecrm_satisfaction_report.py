# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.ecrm_core.const import SALES_CHANNELS


class EcrmSatisfactionReport(models.Model):
    """CSAT and NPS trend per channel, store and complaint category.

    One row per answer, so the averages of a group are the averages of its
    answers: ``csat`` averages the scores, ``nps`` averages +100 (promoter,
    9-10), 0 (passive, 7-8) and -100 (detractor, 0-6), which is the Net
    Promoter Score of the group."""

    _name = "ecrm.satisfaction.report"
    _description = "Customer Satisfaction Analysis"
    _auto = False
    _order = "date desc"
    _depends = {
        "ecrm.satisfaction.response": [
            "date",
            "company_id",
            "source",
            "channel",
            "store_id",
            "category_id",
            "csat",
            "nps",
            "has_nps",
            "is_low",
        ],
    }

    date = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    source = fields.Selection(
        [("campaign", "Satisfaction survey"), ("complaint", "After a complaint")],
        readonly=True,
    )
    # The partner's origin channels, as a list so that their labels are
    # translated (a callable selection has no translations).
    channel = fields.Selection(SALES_CHANNELS, readonly=True)
    store_id = fields.Many2one("crm.team", "Store", readonly=True)
    category_id = fields.Many2one(
        "helpdesk.ticket.category", "Complaint Category", readonly=True
    )
    csat = fields.Float("CSAT (1-5)", readonly=True, aggregator="avg")
    nps = fields.Float("NPS", readonly=True, aggregator="avg")
    answer_count = fields.Integer("Answers", readonly=True)
    low_count = fields.Integer("Low Scores", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT r.id, r.date, r.company_id, r.source, r.channel, r.store_id,
                   r.category_id,
                   NULLIF(r.csat, 0) AS csat,
                   CASE WHEN NOT COALESCE(r.has_nps, FALSE) THEN NULL
                        WHEN r.nps >= 9 THEN 100
                        WHEN r.nps <= 6 THEN -100
                        ELSE 0 END AS nps,
                   1 AS answer_count,
                   CASE WHEN r.is_low THEN 1 ELSE 0 END AS low_count
              FROM ecrm_satisfaction_response r
            """
        )
