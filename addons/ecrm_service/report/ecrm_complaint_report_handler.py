# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL


class EcrmComplaintReport(models.Model):
    """Per handler (the complaint's assigned user): resolution time, late rate
    and satisfaction, for reward and discipline."""

    _inherit = "ecrm.complaint.report"

    user_id = fields.Many2one("res.users", "Handler", readonly=True)
    late_rate = fields.Float(
        "Late (%)",
        readonly=True,
        aggregator="avg",
        help="Complaints past their deadline, settled or not.",
    )

    @property
    def _table_query(self):
        facts = super()._table_query
        return SQL(
            """SELECT facts.*, ticket.user_id AS user_id,
                      CASE WHEN facts.is_late THEN 100.0 ELSE 0.0 END AS late_rate
                 FROM (%s) facts
                 JOIN helpdesk_ticket ticket ON ticket.id = facts.id""",
            facts if isinstance(facts, SQL) else SQL(facts),
        )
