# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Odoo's contact merge goes through the eCRM merge: the merged contacts
    are archived, not deleted, every move is recorded and can be undone, a
    clash stops the merge instead of deleting rows, and only eCRM managers
    merge."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        Merge = self.env["ecrm.merge"]
        if not self.env.su:
            Merge._ecrm_check_manager()
        partners = self.env["res.partner"].browse(partner_ids).exists()
        if len(partners) < 2:
            return
        if dst_partner and dst_partner in partners:
            survivor = dst_partner
        else:
            survivor = self._get_ordered_partner(partners.ids)[-1]
        Merge._ecrm_merge_groups([(survivor, partners - survivor)])
