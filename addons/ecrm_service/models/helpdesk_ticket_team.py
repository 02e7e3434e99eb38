# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    ecrm_late_count = fields.Integer(
        "Late Complaints", compute="_compute_ecrm_dashboard_counts"
    )
    ecrm_supplier_waiting_count = fields.Integer(
        "Waiting for Suppliers", compute="_compute_ecrm_dashboard_counts"
    )

    @api.depends_context("uid")
    def _compute_ecrm_dashboard_counts(self):
        Ticket = self.env["helpdesk.ticket"]
        late = dict(
            Ticket._read_group(
                [("team_id", "in", self.ids), ("ecrm_is_late", "=", True)],
                ["team_id"],
                ["__count"],
            )
        )
        waiting = dict(
            Ticket._read_group(
                [
                    ("team_id", "in", self.ids),
                    ("ecrm_supplier_state", "=", "escalated"),
                ],
                ["team_id"],
                ["__count"],
            )
        )
        for team in self:
            team.ecrm_late_count = late.get(team, 0)
            team.ecrm_supplier_waiting_count = waiting.get(team, 0)

    def _retrieve_dashboard(self):
        Ticket = self.env["helpdesk.ticket"]
        late = Ticket.search_count([("ecrm_is_late", "=", True)])
        waiting = Ticket.search_count([("ecrm_supplier_state", "=", "escalated")])
        return super()._retrieve_dashboard() + [
            {
                "name": self.env._("Late Complaints"),
                "value": late,
                "sequence": 3,
                "icon": "fa-clock-o",
                "show": True,
                "action": "ecrm_service.helpdesk_ticket_action_late",
            },
            {
                "name": self.env._("Waiting for Suppliers"),
                "value": waiting,
                "sequence": 4,
                "icon": "fa-truck",
                "show": True,
                "action": "ecrm_service.helpdesk_ticket_action_supplier_waiting",
            },
        ]
