# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class UtmCampaign(models.Model):
    _inherit = "utm.campaign"

    ecrm_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_ecrm_currency_id",
        string="eCRM Currency",
    )
    ecrm_budget_planned = fields.Monetary(
        "Planned Budget", currency_field="ecrm_currency_id"
    )
    ecrm_budget_actual = fields.Monetary(
        "Actual Budget",
        currency_field="ecrm_currency_id",
        compute="_compute_ecrm_budget_actual",
        help="Sum of the costs entered for this campaign in the current company.",
    )
    ecrm_cost_ids = fields.One2many("ecrm.campaign.cost", "campaign_id", "Costs")
    ecrm_reach_ids = fields.One2many("ecrm.campaign.reach", "campaign_id", "Reach")

    def _compute_ecrm_currency_id(self):
        self.ecrm_currency_id = self.env.company.currency_id

    @api.depends("ecrm_cost_ids.amount")
    @api.depends_context("company")
    def _compute_ecrm_budget_actual(self):
        # Campaigns are shared by the companies; each sees its own spending.
        groups = self.env["ecrm.campaign.cost"]._read_group(
            [
                ("campaign_id", "in", self.ids),
                ("company_id", "=", self.env.company.id),
            ],
            ["campaign_id"],
            ["amount:sum"],
        )
        totals = {campaign.id: amount for campaign, amount in groups}
        for campaign in self:
            campaign.ecrm_budget_actual = totals.get(campaign.id, 0.0)

    def action_ecrm_channel_report(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ecrm_marketing.ecrm_channel_report_action"
        )
        action["domain"] = [("campaign_id", "in", self.ids)]
        return action
