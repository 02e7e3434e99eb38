# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import AccessDenied


class ResUsers(models.Model):
    _inherit = "res.users"

    ecrm_api_source_ids = fields.One2many(
        "ecrm.api.source",
        "user_id",
        "eCRM API Sources",
        groups="ecrm_core.group_ecrm_manager",
        help="The source values this API user may send to the eCRM API.",
    )

    def _check_credentials(self, credential, env):
        """An eCRM API user's key opens the eCRM API routes only: XML-RPC and
        JSON-RPC (non-interactive logins) are refused outright, with its key
        or a password."""
        if not (env or {}).get("interactive", True) and self.env.user.has_group(
            "ecrm_core.group_ecrm_api"
        ):
            raise AccessDenied()
        return super()._check_credentials(credential, env)
