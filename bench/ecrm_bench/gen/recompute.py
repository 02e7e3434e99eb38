"""Stored figures recomputed by the addons' own SQL refresh methods."""

import logging

_logger = logging.getLogger("bench.generate")


class RecomputeMixin:
    def recompute(self):
        env = self.env
        self.env.invalidate_all()
        partner = env["res.partner"]
        if hasattr(partner, "_ecrm_refresh_figures"):
            self.log("Refreshing the customers' 360 figures (the addon's own SQL)")
            partner._ecrm_refresh_figures()
        self.log("ANALYZE")
        self.cr.execute("ANALYZE")
