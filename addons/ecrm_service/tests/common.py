# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.ecrm_core.tests.portal_rpc import new_portal_user

COMPLAINTS = "/ecrm/api/v1/complaints"


class ComplaintsApiMixin:
    """For HttpCase classes calling the complaints API with ``self.key``;
    ``_payload()`` gives the complaint the class sends by default."""

    def _headers(self, key):
        return {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}

    def _post(self, payload, key=None):
        return self.url_open(
            COMPLAINTS, data=json.dumps(payload), headers=self._headers(key or self.key)
        )

    def _get(self, path, key=None):
        return self.url_open(
            path, headers={"Authorization": f"Bearer {key or self.key}"}
        )

    def _tickets(self, external_id=None):
        """The tickets of ``external_id`` (the default payload's)."""
        return self.env["helpdesk.ticket"].search(
            [
                (
                    "ecrm_external_id",
                    "=",
                    external_id or self._payload()["external_id"],
                )
            ]
        )


class ComplaintCommon(BaseCommon):
    """Departments, staff, customers with portal access and supplier contacts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        ref = cls.env.ref
        cls.Ticket = cls.env["helpdesk.ticket"]
        cls.cat_delivery = ref("ecrm_service.category_delivery")
        cls.cat_product = ref("ecrm_service.category_product_quality")
        cls.cat_supplier = ref("ecrm_service.category_supplier")
        cls.channel_hotline = ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
        cls.channel_email = ref("helpdesk_mgmt.helpdesk_ticket_channel_email")
        cls.stage_new = ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

        cls.agent = new_test_user(
            cls.env,
            "t_cskh",
            name="Lê Thu Trang",
            email="trang.cskh@example.vn",
            groups="base.group_user,ecrm_core.group_ecrm_customer_service",
        )
        cls.warehouse_lead = new_test_user(
            cls.env,
            "t_kho_lead",
            name="Phạm Quốc Bảo",
            email="bao.kho@example.vn",
            groups="base.group_user,ecrm_core.group_ecrm_department",
        )
        cls.delivery_user = new_test_user(
            cls.env,
            "t_giaonhan",
            name="Đỗ Minh Hải",
            groups="base.group_user,ecrm_core.group_ecrm_department",
        )
        cls.manager = new_test_user(
            cls.env, "t_quanly", groups="base.group_user,ecrm_core.group_ecrm_manager"
        )
        Team = cls.env["helpdesk.ticket.team"]
        cls.team_cs = Team.create(
            {"name": "CSKH (test)", "user_ids": [Command.link(cls.agent.id)]}
        )
        cls.team_warehouse = Team.create(
            {
                "name": "Kho vận (test)",
                "user_id": cls.warehouse_lead.id,
                "user_ids": [Command.link(cls.warehouse_lead.id)],
            }
        )
        cls.team_delivery = Team.create(
            {
                "name": "Giao nhận (test)",
                "user_ids": [Command.link(cls.delivery_user.id)],
            }
        )

        # Clock hours for these departments, so that deadlines counted from now
        # do not depend on the day the tests run; working time is tested in
        # test_deadline_working_time.py.
        (cls.team_cs | cls.team_warehouse | cls.team_delivery).write(
            {"resource_calendar_id": False}
        )

        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Nguyễn Thị Mai",
                "email": "mai.nguyen@example.vn",
                "phone": "+84912000111",
                "customer_rank": 1,
            }
        )
        cls.other_customer = Partner.create(
            {
                "name": "Trần Văn Hùng",
                "email": "hung.tran@example.vn",
                "phone": "+84987000222",
                "customer_rank": 1,
            }
        )
        cls.customer_user = cls._portal_user("t_mai", cls.customer)
        cls.other_customer_user = cls._portal_user("t_hung", cls.other_customer)

        cls.supplier = ref("ecrm_core.supplier_1")
        cls.other_supplier = ref("ecrm_core.supplier_2")
        cls.agreement = ref("ecrm_service.agreement_supplier_1")
        cls.agreement.resource_calendar_id = False  # calendar days, as above
        cls.supplier_contact = Partner.create(
            {
                "name": "Hoàng Văn Nam",
                "email": "nam@ncc1-test.vn",
                "parent_id": cls.supplier.id,
            }
        )
        cls.supplier_user = cls._portal_user("t_ncc1", cls.supplier_contact)
        cls.other_supplier_user = cls._portal_user(
            "t_ncc2",
            Partner.create(
                {
                    "name": "Lý Thị Hoa",
                    "email": "hoa@ncc2-test.vn",
                    "parent_id": cls.other_supplier.id,
                }
            ),
        )
        cls.product = ref("ecrm_core.product_01")  # sold by supplier_1

    @classmethod
    def _portal_user(cls, login, partner):
        return new_portal_user(
            cls.env,
            login,
            partner_id=partner.id,
            name=partner.name,
            email=partner.email,
        )

    @classmethod
    def _complaint(cls, **vals):
        values = {
            "name": "Giao hàng trễ 3 ngày",
            "description": "<p>Đơn hàng giao trễ so với cam kết.</p>",
            "partner_id": cls.customer.id,
            "category_id": cls.cat_delivery.id,
            "channel_id": cls.channel_hotline.id,
            "team_id": cls.team_cs.id,
        }
        values.update(vals)
        return cls.env["helpdesk.ticket"].create(values)

    def _close(self, ticket, resolution="refund"):
        ticket.write(
            {
                "ecrm_resolution_type": resolution,
                "ecrm_resolution": "Đã hoàn tiền 189.000 ₫.",
                "stage_id": self.stage_done.id,
            }
        )
