# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class EcrmMerge(models.Model):
    """Loyalty cards, points history, tier history and segment memberships
    move with the merge (foreign keys); the tier follows the points."""

    _inherit = "ecrm.merge"

    def _ecrm_after_merge(self):
        res = super()._ecrm_after_merge()
        # after a merge only the survivor changes tier (the archived profiles
        # are not told of a drop); after an undo the restored ones too
        partners = (
            self.survivor_id | self.filtered(lambda m: m.state == "undone").partner_ids
        )
        partners.sudo()._ecrm_recompute_tiers()
        return res
