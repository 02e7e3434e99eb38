# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class StockPicking(models.Model):
    """A delivered order refreshes its customer's 360 figures."""

    _inherit = "stock.picking"

    def _action_done(self):
        res = super()._action_done()
        self.sale_id.partner_id._ecrm_refresh_figures_for_self()
        return res
