# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import new_test_user


class EcrmOrderFlowCommon:
    """Users, products and a customer shared by the order flow tests."""

    @classmethod
    def _setup_order_flow(cls):
        env = cls.env
        cls.telesales = new_test_user(
            env,
            "t_flow_telesales",
            groups="base.group_user,ecrm_core.group_ecrm_telesales",
        )
        cls.manager = new_test_user(
            env, "t_flow_manager", groups="base.group_user,ecrm_core.group_ecrm_manager"
        )
        cls.customer_service = new_test_user(
            env,
            "t_flow_cs",
            groups="base.group_user,ecrm_core.group_ecrm_customer_service",
        )
        cls.salesman = new_test_user(
            env,
            "t_flow_salesman",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads",
        )
        cls.product_a = env["product.product"].create(
            {
                "name": "Nồi cơm điện test",
                "default_code": "T-SKU-1",
                "list_price": 890000,
                "type": "consu",
                "is_storable": True,
            }
        )
        cls.product_b = env["product.product"].create(
            {
                "name": "Khăn tắm test",
                "default_code": "T-SKU-2",
                "list_price": 99000,
                "type": "consu",
            }
        )
        cls.customer = env["res.partner"].create(
            {
                "name": "Nguyễn Thị Test",
                "phone": "+84912000111",
                "email": "test.nguyen@example.vn",
                "customer_rank": 1,
            }
        )

    @classmethod
    def _queued_order(cls, channel="api", partner=None, **vals):
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "ecrm_sales_channel": channel,
                "ecrm_payment_method": "cod",
                "order_line": [
                    (0, 0, {"product_id": cls.product_a.id, "product_uom_qty": 1})
                ],
                **vals,
            }
        )
        order._ecrm_enter_telesales_queue()
        return order
