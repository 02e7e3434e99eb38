# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading

from odoo import api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.ecrm_core.tools import batch as batch_tools

# The steps of the nightly chain, in order (``ecrm.analytics._nightly_steps``
# returns their codes); a step added by another module extends this selection
# with ``selection_add``.
STEPS = [
    ("rfm", "RFM scores"),
    ("clv", "Lifetime value"),
    ("churn", "Churn risk"),
    ("clusters", "Behaviour clusters"),
    ("recommendations", "Recommendations"),
    ("alerts", "Alerts"),
]


class EcrmAnalyticsRun(models.Model):
    _name = "ecrm.analytics.run"
    _description = "Analytics Job Run"
    _order = "date_start desc, id desc"

    name = fields.Selection(STEPS, "Step", required=True, index=True)
    chain = fields.Char(
        index=True,
        readonly=True,
        help="Identifies one nightly chain: a killed chain is resumed, step by step.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date_start = fields.Datetime("Started", required=True, default=fields.Datetime.now)
    date_end = fields.Datetime("Ended")
    duration = fields.Float(compute="_compute_duration", store=True, help="In seconds.")
    rows = fields.Integer("Rows Processed")
    total = fields.Integer("Rows To Process")
    cursor = fields.Integer(
        "Last Customer Done",
        help="Id of the last customer whose batch was committed; a resumed run "
        "continues after it.",
    )
    progress = fields.Float(compute="_compute_progress", help="In percent.")
    state = fields.Selection(
        [("running", "Running"), ("done", "Done"), ("failed", "Failed")],
        default="running",
        required=True,
        index=True,
    )
    score_model = fields.Float(
        "Model Score", digits=(16, 4), help="Offline evaluation of this run's model."
    )
    score_baseline = fields.Float(
        "Baseline Score", digits=(16, 4), help="The same evaluation of the baseline."
    )
    payload = fields.Binary(
        attachment=True,
        groups="base.group_system",
        help="Fitted state of the step, kept so that a resumed run reuses it.",
    )
    message = fields.Text()

    @api.depends("name")
    def _compute_display_name(self):
        labels = dict(self._fields["name"]._description_selection(self.env))
        for run in self:
            run.display_name = labels.get(run.name, run.name)

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for run in self:
            run.duration = (
                (run.date_end - run.date_start).total_seconds()
                if run.date_end and run.date_start
                else 0.0
            )

    @api.depends("rows", "total", "state")
    def _compute_progress(self):
        for run in self:
            if run.state == "done":
                run.progress = 100.0
            else:
                run.progress = 100.0 * run.rows / run.total if run.total else 0.0

    def action_run_now(self):
        """Start the nightly chain in the scheduler now and show its runs (a list
        header button: ``self`` is the selection, possibly empty, and unused)."""
        if not self.env.user.has_group("ecrm_core.group_ecrm_manager"):
            raise AccessError(
                self.env._("Only eCRM managers start the analytics chain.")
            )
        cron = self.env.ref("ecrm_analytics.ir_cron_ecrm_analytics_nightly")
        # sudo: managers may start the chain but have no rights on ir.cron itself.
        cron.sudo()._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._(
                    "The analytics chain starts in the background; "
                    "reload this list to follow its progress."
                ),
                "type": "info",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _advance(self, cursor, rows, remaining):
        """Record a committed batch: the run resumes after ``cursor``."""
        self.ensure_one()
        self.write({"cursor": cursor, "rows": self.rows + rows})
        batch_tools.batch_done(
            self.env, self.rows, remaining, commit=self._auto_commit()
        )

    def _commit(self):
        if self._auto_commit():
            self.env.cr.commit()

    @api.model
    def _auto_commit(self):
        # Tests run in one transaction that they roll back: no commit there
        # (the same rule as mail's queue processing).
        return not getattr(threading.current_thread(), "testing", False)
