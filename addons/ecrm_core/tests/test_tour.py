# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestEcrmTour(HttpCase):
    def test_telesales_opens_the_ecrm_menu(self):
        self.start_tour("/odoo", "ecrm_open_menu", login="telesales")
