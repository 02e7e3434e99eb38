# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestProfileTour(HttpCase):
    def test_agent_finds_a_customer_by_a_phone_typed_another_way(self):
        self.start_tour("/odoo", "ecrm_customer_lookup", login="telesales")
