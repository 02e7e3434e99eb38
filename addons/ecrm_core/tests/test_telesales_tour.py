# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import EcrmOrderFlowCommon


@tagged("post_install", "-at_install")
class TestTelesalesTour(EcrmOrderFlowCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_flow()
        cls.tour_customer = cls.env["res.partner"].create(
            {"name": "Khách Tour Điện Thoại", "phone": "+84903555777"}
        )
        # Oldest first: make it the first order of the queue.
        cls.order = cls._queued_order(
            partner=cls.tour_customer, date_order="2020-01-01 08:00:00"
        )

    def test_agent_confirms_an_order_from_the_queue(self):
        self.start_tour("/odoo", "ecrm_telesales_queue", login="telesales")
        self.assertEqual(self.order.state, "sale")
        self.assertEqual(self.order.ecrm_telesales_state, "confirmed")
        self.assertEqual(
            self.order.ecrm_telesales_user_id, self.env.ref("ecrm_core.user_telesales")
        )
