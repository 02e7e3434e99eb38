# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models

# Internal users outside eCRM (accounting, warehouse...) open partner forms too:
# the eCRM figures they may not read are hidden from them, not an access error.
ECRM_GROUPS = (
    "ecrm_core.group_ecrm_telesales,ecrm_core.group_ecrm_customer_service,"
    "ecrm_core.group_ecrm_department,ecrm_core.group_ecrm_marketing"
)


class ResPartner(models.Model):
    """The buttons of the Customer 360 form: orders, interactions, duplicates."""

    _inherit = "res.partner"

    ecrm_interaction_ids = fields.One2many(
        "ecrm.interaction", "partner_id", "Interactions", groups=ECRM_GROUPS
    )
    ecrm_interaction_count = fields.Integer(
        "Interaction Count",
        compute="_compute_ecrm_interaction_count",
        groups=ECRM_GROUPS,
    )
    ecrm_duplicate_count = fields.Integer(
        "Likely Duplicates",
        compute="_compute_ecrm_duplicate_count",
        groups="ecrm_core.group_ecrm_telesales,ecrm_core.group_ecrm_customer_service",
    )

    def _compute_ecrm_interaction_count(self):
        counts = dict(
            self.env["ecrm.interaction"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.ecrm_interaction_count = counts.get(partner, 0)

    def _compute_ecrm_duplicate_count(self):
        Duplicate = self.env["ecrm.partner.duplicate"]
        domain = [("state", "=", "new")]
        left = dict(
            Duplicate._read_group(
                [*domain, ("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        right = dict(
            Duplicate._read_group(
                [*domain, ("duplicate_id", "in", self.ids)],
                ["duplicate_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.ecrm_duplicate_count = left.get(partner, 0) + right.get(partner, 0)

    def action_ecrm_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.act_res_partner_2_sale_order"
        )
        action["domain"] = [
            ("partner_id.commercial_partner_id", "=", self.commercial_partner_id.id),
            ("state", "in", ("sale", "cancel")),
        ]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_ecrm_view_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ecrm_core.ecrm_interaction_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_ecrm_view_duplicates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ecrm_core.ecrm_partner_duplicate_action"
        )
        action["domain"] = [
            "|",
            ("partner_id", "=", self.id),
            ("duplicate_id", "=", self.id),
        ]
        return action

    def action_ecrm_log_call(self):
        self.ensure_one()
        return self.env["ecrm.interaction"]._ecrm_action_log(self, name=_("Log a Call"))
