# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ComplaintCommon

# The Complaints app's menus customer service works in (and eCRM > Complaints,
# which still works).
SERVICE_MENUS = (
    "ecrm_service.menu_complaints_app",
    "ecrm_service.menu_complaints_app_hotline",
    "ecrm_service.menu_complaints_app_team",
    "ecrm_service.menu_complaints_app_late",
    "ecrm_service.menu_complaints_app_supplier",
    "ecrm_service.menu_complaints_app_analysis",
    "ecrm_service.menu_complaints_app_scorecard",
    "ecrm_service.menu_ecrm_complaints",
)
# Configuration, and helpdesk's own app: the Complaints app is one app, not two.
CONFIG_MENUS = (
    "ecrm_service.menu_complaints_app_categories",
    "ecrm_service.menu_complaints_app_agreements",
    "ecrm_core.menu_ecrm_config",
    "helpdesk_mgmt.helpdesk_ticket_main_menu",
)


@tagged("post_install", "-at_install")
class TestComplaintsApp(ComplaintCommon):
    """The Complaints app: who sees which menu, the team's kanban with its
    countdown, the hotline entry point, screens that fit a laptop."""

    def _visible(self, user):
        """The menus ``user`` reaches: visible themselves and all their parents."""
        menus = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        return {
            xmlid
            for xmlid in self._menu_xmlids
            if all(
                menu_id in menus
                for menu_id in map(int, self.env.ref(xmlid).parent_path.split("/")[:-1])
            )
        }

    _menu_xmlids = SERVICE_MENUS + CONFIG_MENUS

    def test_customer_service_gets_the_app_without_configuration(self):
        seen = self._visible(self.agent)
        for xmlid in SERVICE_MENUS:
            self.assertIn(xmlid, seen)
        for xmlid in CONFIG_MENUS:
            self.assertNotIn(xmlid, seen)

    def test_department_sees_its_complaints_but_no_hotline_nor_reports(self):
        seen = self._visible(self.warehouse_lead)
        self.assertIn("ecrm_service.menu_complaints_app_team", seen)
        self.assertIn("ecrm_service.menu_complaints_app_late", seen)
        self.assertNotIn("ecrm_service.menu_complaints_app_hotline", seen)
        self.assertNotIn("ecrm_service.menu_complaints_app_analysis", seen)
        self.assertNotIn("ecrm_service.menu_complaints_app_categories", seen)

    def test_manager_configures_from_the_app(self):
        seen = self._visible(self.manager)
        self.assertIn("ecrm_service.menu_complaints_app_categories", seen)
        self.assertIn("ecrm_service.menu_complaints_app_agreements", seen)
        self.assertIn("helpdesk_mgmt.helpdesk_ticket_main_menu", seen)

    def test_app_opens_on_the_kanban_of_my_teams(self):
        action = self.env.ref("ecrm_service.helpdesk_ticket_action_team")
        self.assertEqual(
            self.env.ref("ecrm_service.menu_complaints_app").action, action
        )
        self.assertEqual(action.view_mode.split(",")[0], "kanban")
        self.assertIn("Log Hotline Complaint", action.help)
        context = safe_eval(action.context)
        self.assertEqual(context, {"search_default_ecrm_my_teams": 1})
        # The filter it turns on: the user's departments and what is assigned to them.
        arch = self.Ticket.get_views([(False, "search")])["views"]["search"]["arch"]
        node = etree.fromstring(arch).xpath("//filter[@name='ecrm_my_teams']")[0]
        mine = self._complaint(team_id=self.team_warehouse.id)
        other = self._complaint(team_id=self.team_delivery.id)
        not_routed = self._complaint(team_id=False)
        self.assertFalse(not_routed.team_id)
        domain = safe_eval(node.get("domain"), {"uid": self.warehouse_lead.id})
        found = self.Ticket.search(
            domain + [("id", "in", (mine | other | not_routed).ids)]
        )
        self.assertEqual(found, mine | not_routed)

    def test_empty_lists_say_what_to_do(self):
        for xmlid in (
            "ecrm_service.helpdesk_ticket_action_team",
            "ecrm_service.helpdesk_ticket_action_late",
            "ecrm_service.helpdesk_ticket_action_supplier_waiting",
            "ecrm_service.ecrm_complaint_report_action",
            "ecrm_service.ecrm_complaint_stat_report_action",
            "ecrm_service.ecrm_supplier_scorecard_action",
        ):
            self.assertTrue(self.env.ref(xmlid).help, xmlid)

    def test_kanban_card_counts_down_and_colours_by_deadline(self):
        now = fields.Datetime.now()
        late, soon, on_time = (
            self._complaint(ecrm_received_date=now - timedelta(hours=hours))
            for hours in (30, 23, 1)
        )
        closed = self._complaint(ecrm_received_date=now - timedelta(hours=30))
        self._close(closed)
        self.assertEqual(late.ecrm_deadline_state, "late")
        self.assertEqual(late.ecrm_countdown, "Late by 6 h 0 min")
        self.assertEqual(soon.ecrm_deadline_state, "soon")
        self.assertEqual(soon.ecrm_countdown, "1 h 0 min left")
        self.assertEqual(on_time.ecrm_deadline_state, "on_time")
        self.assertEqual(on_time.ecrm_countdown, "23 h 0 min left")
        self.assertEqual(closed.ecrm_deadline_state, "none")
        self.assertFalse(closed.ecrm_countdown)
        slow = self._complaint(
            category_id=self.cat_product.id, ecrm_received_date=now
        )  # 48 hours
        self.assertEqual(slow.ecrm_countdown, "2 d 0 h left")

        arch = self.Ticket.with_user(self.agent).get_views([(False, "kanban")])
        arch = arch["views"]["kanban"]["arch"]
        for needle in (
            'name="partner_id"',
            'name="category_id"',
            'name="channel_id"',
            'name="supplier_id"',
            'name="ecrm_countdown"',
            "text-danger",
            "text-warning",
            "o_ecrm_hotline_button",
        ):
            self.assertIn(needle, arch)

    def test_hotline_button_is_for_customer_service_only(self):
        for view_type in ("kanban", "list"):
            views = self.Ticket.with_user(self.warehouse_lead).get_views(
                [(False, view_type)]
            )
            self.assertNotIn("o_ecrm_hotline_button", views["views"][view_type]["arch"])

    def test_hotline_entry_logs_a_call_in_the_agents_department(self):
        action = self.Ticket.with_user(self.agent).action_ecrm_new_hotline_complaint()
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        with Form(
            self.Ticket.with_user(self.agent).with_context(**action["context"])
        ) as form:
            form.partner_id = self.customer
            form.category_id = self.cat_delivery
            form.name = "Gọi hotline: giao sai màu"
            form.description = "Khách nhận áo đỏ thay vì áo xanh."
        ticket = form.record
        self.assertEqual(ticket.channel_id.ecrm_code, "hotline")
        self.assertEqual(ticket.team_id, self.team_cs)
        self.assertEqual(ticket.user_id, self.agent)
        self.assertEqual(ticket.partner_email, self.customer.email)

    def test_list_fits_a_laptop(self):
        arch = self.Ticket.with_user(self.agent).get_views([(False, "list")])
        root = etree.fromstring(arch["views"]["list"]["arch"])
        shown = [
            node.get("name")
            for node in root.xpath("./field")
            if node.get("optional") != "hide"
            and node.get("column_invisible") not in ("1", "True")
            and node.get("widget") != "handle"
        ]
        self.assertLessEqual(len(shown), 9, shown)
        for name in ("partner_id", "category_id", "team_id", "ecrm_countdown"):
            self.assertIn(name, shown)
        for name in ("tag_ids", "create_date", "last_stage_update", "supplier_id"):
            self.assertEqual(
                root.xpath(f"./field[@name='{name}']")[0].get("optional"), "hide"
            )

    def test_demo_handlers_land_on_their_teams_kanban(self):
        action = self.env.ref("ecrm_service.helpdesk_ticket_action_team")
        for xmlid in ("ecrm_core.user_customer_service", "ecrm_core.user_department"):
            self.assertEqual(self.env.ref(xmlid).action_id.id, action.id)

    def test_kanban_has_no_title_only_quick_create(self):
        arch = self.Ticket.with_user(self.agent).get_views([(False, "kanban")])
        root = etree.fromstring(arch["views"]["kanban"]["arch"])
        self.assertEqual(root.get("quick_create"), "false")
