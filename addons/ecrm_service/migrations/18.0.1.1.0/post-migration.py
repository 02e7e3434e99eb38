# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Deadlines count in working time: departments and agreements get the
    customer-service hours, Awaiting stops the clock, open complaints' deadlines
    are counted again."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["helpdesk.ticket.team"]._ecrm_init_working_hours()
