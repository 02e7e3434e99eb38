# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from odoo.addons.ecrm_core.tests.common import EcrmOrderFlowCommon


@tagged("post_install", "-at_install")
class TestTelesalesDayTour(EcrmOrderFlowCommon, HttpCase):
    """A telesales agent's day: confirm one order, cancel another with a reason.

    The calling view shows the complaints (ecrm_service) and the products to
    propose (ecrm_analytics): a cross-addon test of the whole product.
    """

    test_module = "ecrm_tests"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_flow()
        cls.agent = cls.env.ref("ecrm_core.user_telesales")
        cls.hanh = cls.env["res.partner"].create(
            {"name": "Bùi Thị Hạnh", "phone": "+84903222444", "customer_rank": 1}
        )
        cls.env["helpdesk.ticket"].create(
            {
                "name": "Máy xay sinh tố bị rò nước",
                "description": "<p>Máy xay mua tháng trước bị rò nước ở đáy.</p>",
                "partner_id": cls.hanh.id,
            }
        )
        cls.kettle = cls.env["product.product"].create(
            {"name": "Ấm siêu tốc", "list_price": 350000}
        )
        cls.env["ecrm.recommendation"].create(
            {
                "partner_id": cls.hanh.id,
                "product_id": cls.kettle.id,
                "company_id": cls.env.company.id,
                "rank": 1,
                "score": 0.62,
            }
        )
        cls.reason = cls.env["ecrm.cancel.reason"].create({"name": "Đổi ý (tour)"})
        # Paid by transfer, so no cash-on-delivery risk puts one before the
        # other: oldest first, the first order is the one the agent confirms.
        cls.first = cls._queued_order(
            partner=cls.hanh,
            channel="web",
            date_order="2019-01-01 08:00:00",
            ecrm_payment_method="bank_transfer",
        )
        cls.second = cls._queued_order(
            partner=cls.hanh,
            channel="facebook",
            date_order="2019-01-02 08:00:00",
            ecrm_payment_method="bank_transfer",
        )

    def test_agent_confirms_one_order_and_cancels_another(self):
        self.start_tour("/odoo", "ecrm_telesales_day", login=self.agent.login)
        self.assertEqual(self.first.state, "sale")
        self.assertEqual(self.first.ecrm_telesales_state, "confirmed")
        self.assertEqual(self.first.ecrm_telesales_user_id, self.agent)
        self.assertIn(self.kettle, self.first.order_line.product_id, "upsold")
        self.assertNotIn(self.kettle, self.second.order_line.product_id)
        self.assertEqual(self.second.state, "cancel")
        self.assertEqual(self.second.ecrm_telesales_state, "cancelled")
        self.assertEqual(self.second.ecrm_cancel_reason_id, self.reason)
        self.assertIn("cửa hàng", self.second.ecrm_cancel_note)
        calls = self.env["ecrm.interaction"].search(
            [("partner_id", "=", self.hanh.id), ("user_id", "=", self.agent.id)]
        )
        self.assertEqual(
            sorted(calls.mapped("res_id")), sorted((self.first | self.second).ids)
        )
