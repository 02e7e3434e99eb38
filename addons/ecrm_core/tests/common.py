# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, new_test_user


class EcrmProfileCase(TransactionCase):
    """Customers, users of every role and a product to order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Messages are asserted in English; the demo database runs in Vietnamese.
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.Partner = cls.env["res.partner"]
        cls.Phone = cls.env["ecrm.partner.phone"]
        cls.Interaction = cls.env["ecrm.interaction"]
        cls.telesales = new_test_user(
            cls.env,
            "t_prof_telesales",
            groups="base.group_user,ecrm_core.group_ecrm_telesales",
        )
        cls.service = new_test_user(
            cls.env,
            "t_prof_service",
            groups="base.group_user,ecrm_core.group_ecrm_customer_service",
        )
        cls.manager = new_test_user(
            cls.env,
            "t_prof_manager",
            groups="base.group_user,ecrm_core.group_ecrm_manager",
        )
        cls.vn = cls.env.ref("base.vn")
        cls.product = cls.env.ref("ecrm_core.product_10")
        cls.lan = cls.Partner.create(
            {
                "name": "Trần Thị Lan",
                "phone": "0912 468 013",
                "email": "Lan.Tran@Example.vn",
                "country_id": cls.vn.id,
                "customer_rank": 1,
            }
        )
        cls.minh = cls.Partner.create(
            {
                "name": "Lê Văn Minh",
                "mobile": "+84 98 765 4021",
                "country_id": cls.vn.id,
                "customer_rank": 1,
            }
        )

    @classmethod
    def _create_lan_store(cls):
        """Lan met again at a store, her number written another way, with a
        Zalo number of her own."""
        cls.lan_store = cls.Partner.create(
            {
                "name": "Lan Trần",
                "mobile": "84-912-468-013",
                "phone": "0283 822 1111",
                "country_id": cls.vn.id,
                "customer_rank": 1,
            }
        )
        cls.Phone.create(
            {"partner_id": cls.lan_store.id, "label": "Zalo", "number": "0977 111 222"}
        )
        return cls.lan_store

    @classmethod
    def _order(cls, partner, qty=1, price=100000.0, confirm=True):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": qty,
                            "price_unit": price,
                            "tax_id": [(6, 0, [])],
                        },
                    )
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order


class EcrmManagerCase(TransactionCase):
    """An eCRM manager (login ``manager_login``), in an environment with
    ``env_context`` (messages in English: the demo database runs in
    Vietnamese)."""

    manager_login = "t_ecrm_manager"
    env_context = {"lang": "en_US"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **cls.env_context))
        cls.manager = new_test_user(
            cls.env,
            cls.manager_login,
            groups="base.group_user,ecrm_core.group_ecrm_manager",
        )


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


def new_api_user(env, login, sources=()):
    """An eCRM API user (a portal user of the API group), its persistent API
    key and the ``sources`` bound to it (taken from whoever held them)."""
    user = new_test_user(
        env, login, groups="base.group_portal,ecrm_core.group_ecrm_api"
    )
    # sudo: a persistent key (no expiry) needs a system environment.
    key = env["res.users.apikeys"].with_user(user).sudo()._generate(None, login, None)
    Source = env["ecrm.api.source"].with_context(active_test=False)
    for name in sources:
        held = Source.search([("name", "=", name), ("company_id", "=", env.company.id)])
        if held:
            held.write({"user_id": user.id, "active": True})
        else:
            Source.create({"name": name, "user_id": user.id})
    return user, key


def ship_picking(picking):
    """Validate ``picking`` with all its quantities, as the warehouse does."""
    for move in picking.move_ids:
        move.quantity = move.product_uom_qty
    picking.move_ids.picked = True
    picking._action_done()


def return_picking(picking):
    """Return one unit of ``picking`` through the return wizard and ship the
    return; the returned transfer."""
    wizard = (
        picking.env["stock.return.picking"]
        .with_context(active_id=picking.id, active_model="stock.picking")
        .create({})
    )
    wizard.product_return_moves.quantity = 1
    returned = picking.env["stock.picking"].browse(
        wizard.action_create_returns()["res_id"]
    )
    ship_picking(returned)
    return returned


def answer_satisfaction_survey(user_input, csat, nps, comment):
    """Answer the satisfaction survey of ``user_input`` as the customer does
    and submit it; the responses it records on the profile."""
    questions = {q.ecrm_satisfaction_role: q for q in user_input.survey_id.question_ids}
    user_input._save_lines(questions["csat"], csat)
    user_input._save_lines(questions["nps"], nps)
    user_input._save_lines(questions["comment"], comment)
    user_input._mark_done()
    return user_input.ecrm_response_ids
