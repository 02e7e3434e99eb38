# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class EcrmAnalyticsRun(models.Model):
    _name = "ecrm.analytics.run"
    _description = "Analytics Job Run"
    _order = "date_start desc, id desc"

    name = fields.Char("Step", required=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date_start = fields.Datetime("Started", required=True, default=fields.Datetime.now)
    date_end = fields.Datetime("Ended")
    duration = fields.Float(compute="_compute_duration", store=True, help="In seconds.")
    rows = fields.Integer("Rows Processed")
    state = fields.Selection(
        [("running", "Running"), ("done", "Done"), ("failed", "Failed")],
        default="running",
        required=True,
        index=True,
    )
    message = fields.Text()

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for run in self:
            run.duration = (
                (run.date_end - run.date_start).total_seconds()
                if run.date_end and run.date_start
                else 0.0
            )
