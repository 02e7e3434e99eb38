# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, models
from odoo.exceptions import AccessError

from odoo.addons.ecrm_core.tools import owned_flow

PROGRAM_GROUPS = ("ecrm_core.group_ecrm_marketing", "sales_team.group_sale_manager")


class LoyaltyGenerateWizard(models.TransientModel):
    _inherit = "loyalty.generate.wizard"

    def generate_coupons(self):
        """Generating coupons with points belongs to who manages the programs."""
        if not self.env.su and not any(
            self.env.user.has_group(group) for group in PROGRAM_GROUPS
        ):
            raise AccessError(
                _("Only marketing and managers generate coupons and gift cards.")
            )
        return super(LoyaltyGenerateWizard, owned_flow(self)).generate_coupons()
