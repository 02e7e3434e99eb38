# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    # Same field as OCA helpdesk_mgmt_sla's, so both can be installed together.
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        "Working Hours",
        default=lambda self: self._ecrm_default_calendar(),
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="Complaint deadlines of the department count in these working hours, "
        "without the public holidays. Empty: deadlines count in clock hours.",
    )
    ecrm_late_count = fields.Integer(
        "Late Complaints", compute="_compute_ecrm_dashboard_counts"
    )
    ecrm_supplier_waiting_count = fields.Integer(
        "Waiting for Suppliers", compute="_compute_ecrm_dashboard_counts"
    )

    @api.model
    def _ecrm_default_calendar(self):
        return (
            self.env.ref(
                "ecrm_service.resource_calendar_customer_service",
                raise_if_not_found=False,
            )
            or self.env.company.resource_calendar_id
        )

    @api.model
    def _ecrm_init_working_hours(self):
        """Complaint deadlines in working time: the departments and supplier
        agreements that count in the company's default hours (or none) get the
        customer-service hours and their public holidays, the Awaiting stage stops
        the clock, and the deadlines of open complaints are counted again."""
        calendar = self.env.ref(
            "ecrm_service.resource_calendar_customer_service", raise_if_not_found=False
        )
        if not calendar:
            return
        defaults = self.env["res.company"].search([]).resource_calendar_id
        for model in ("helpdesk.ticket.team", "ecrm.supplier.agreement"):
            records = (
                self.env[model]
                .with_context(active_test=False)
                .search([("resource_calendar_id", "in", [False, *defaults.ids])])
            )
            records.resource_calendar_id = calendar
        awaiting = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_awaiting", raise_if_not_found=False
        )
        if awaiting:
            awaiting.ecrm_pause_deadline = True
        Ticket = self.env["helpdesk.ticket"]
        open_tickets = Ticket.search([("closed", "=", False)])
        self.env.add_to_compute(Ticket._fields["ecrm_deadline"], open_tickets)
        open_tickets.flush_recordset(["ecrm_deadline"])

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
