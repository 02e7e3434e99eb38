# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    ecrm_complaint_count = fields.Integer(
        "Complaints", compute="_compute_ecrm_complaints", groups="base.group_user"
    )
    ecrm_open_complaint_count = fields.Integer(
        "Open Complaints", compute="_compute_ecrm_complaints"
    )
    ecrm_complaint_csat = fields.Float(
        "Complaint Satisfaction",
        compute="_compute_ecrm_complaints",
        groups="base.group_user",
        help="Average rating (1 to 5) the customer gave to settled complaints.",
    )

    def _compute_ecrm_complaints(self):
        Ticket = self.env["helpdesk.ticket"]
        domain = [("commercial_partner_id", "in", self.commercial_partner_id.ids)]

        def per_partner(extra, aggregate="__count"):
            return dict(
                Ticket._read_group(
                    domain + extra, ["commercial_partner_id"], [aggregate]
                )
            )

        total = per_partner([])
        open_ = per_partner([("stage_id.closed", "=", False)])
        csat = per_partner([("rating_last_value", ">=", 1)], "rating_last_value:avg")
        for partner in self:
            commercial = partner.commercial_partner_id
            partner.ecrm_complaint_count = total.get(commercial, 0)
            partner.ecrm_open_complaint_count = open_.get(commercial, 0)
            partner.ecrm_complaint_csat = csat.get(commercial, 0.0)

    def action_ecrm_log_complaint(self):
        """Hotline: a new complaint form for this customer, channel set."""
        self.ensure_one()
        return self.env["helpdesk.ticket"].action_ecrm_new_hotline_complaint(self)

    def action_ecrm_view_complaints(self):
        self.ensure_one()
        return {
            "name": _("Complaints"),
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "view_mode": "list,kanban,form",
            "domain": [("commercial_partner_id", "=", self.commercial_partner_id.id)],
            "context": {"default_partner_id": self.id},
        }
