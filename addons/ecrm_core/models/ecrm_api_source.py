# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class EcrmApiSource(models.Model):
    """A ``source`` value of the eCRM API (a storefront, a bridge) and the API
    user that may send it. A source nobody holds is bound to the first API
    user that sends it; eCRM managers can move it to another user or archive
    it (archived: refused)."""

    _name = "ecrm.api.source"
    _description = "eCRM API Source"
    _order = "name"

    name = fields.Char(
        "Source",
        required=True,
        help="The source value the storefront or bridge sends, e.g. haravan or "
        "facebook (stored in lower case).",
    )
    user_id = fields.Many2one(
        "res.users",
        "API User",
        index=True,
        ondelete="restrict",
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("ecrm_core.group_ecrm_api").ids)
        ],
        help="The only API user whose key may send this source. Empty: the first "
        "API user that sends it gets it.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "name_company_unique",
            "UNIQUE(name, company_id)",
            "A source belongs to one API user per company.",
        ),
    ]

    @api.constrains("user_id")
    def _check_user_id(self):
        for source in self:
            if source.user_id and not source.user_id.has_group(
                "ecrm_core.group_ecrm_api"
            ):
                raise ValidationError(
                    _(
                        "%(user)s is not an API user: only API users send sources.",
                        user=source.user_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name"):
                vals["name"] = self.env["ecrm.api"]._ecrm_api_normalize_source(
                    vals["name"]
                )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("name"):
            vals["name"] = self.env["ecrm.api"]._ecrm_api_normalize_source(vals["name"])
        return super().write(vals)
