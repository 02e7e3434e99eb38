# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    """Store every number in its current form (Vietnam's 2017 and 2018
    renumbering) and phone and mobile in the form they are shown in."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    rows, partners = env["res.partner"]._ecrm_renumber_stored_phones()
    _logger.info(
        "eCRM phones: %s number rows renumbered, %s contacts reformatted",
        rows,
        partners,
    )
