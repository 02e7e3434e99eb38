# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

from ..models.res_partner import RFM_SEGMENTS


class EcrmRfmTransition(models.Model):
    _name = "ecrm.rfm.transition"
    _description = "RFM Segment Transitions"
    _auto = False
    _order = "month_to desc, count desc"
    _depends = {"ecrm.rfm.snapshot": ["company_id", "month", "partner_id", "segment"]}

    company_id = fields.Many2one("res.company", readonly=True)
    month_from = fields.Date(readonly=True)
    month_to = fields.Date(readonly=True)
    segment_from = fields.Selection(RFM_SEGMENTS, readonly=True)
    segment_to = fields.Selection(RFM_SEGMENTS, readonly=True)
    count = fields.Integer("Customers", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        """Customers moving from one segment to another between every pair of
        snapshot months (filter on both months to compare two of them)."""
        return SQL(
            """
            SELECT row_number() OVER () AS id, a.company_id,
                   a.month AS month_from, b.month AS month_to,
                   a.segment AS segment_from, b.segment AS segment_to,
                   count(*) AS count
              FROM ecrm_rfm_snapshot a
              JOIN ecrm_rfm_snapshot b
                ON b.partner_id = a.partner_id
               AND b.company_id = a.company_id
               AND b.month > a.month
             GROUP BY a.company_id, a.month, b.month, a.segment, b.segment
            """
        )
