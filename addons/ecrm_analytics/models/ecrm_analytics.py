# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class EcrmAnalytics(models.AbstractModel):
    _name = "ecrm.analytics"
    _description = "eCRM Analytics Jobs"

    @api.model
    def _nightly_steps(self):
        """Ordered list of (step name, method name); each later issue adds its steps.

        A step method takes no argument, works in SQL batches and returns the
        number of rows it processed.
        """
        return []

    @api.model
    def run_nightly(self):
        """Run the whole nightly chain: the cron, the manager's button and scripts
        all call this one method. Each step is logged in ``ecrm.analytics.run``."""
        Run = self.env["ecrm.analytics.run"]
        runs = Run
        for name, method in self._nightly_steps():
            run = Run.create({"name": name})
            try:
                rows = getattr(self, method)()
            except Exception as exc:
                _logger.exception("eCRM analytics step %s failed", name)
                run.write(
                    {
                        "state": "failed",
                        "date_end": fields.Datetime.now(),
                        "message": str(exc),
                    }
                )
                raise
            run.write(
                {"state": "done", "date_end": fields.Datetime.now(), "rows": rows or 0}
            )
            runs |= run
        return runs
