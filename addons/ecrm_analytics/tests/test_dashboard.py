# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.spreadsheet.utils.validate_data import (
    fields_in_spreadsheet,
    menus_xml_ids_in_spreadsheet,
    odoo_charts,
)


@tagged("post_install", "-at_install")
class TestEcrmDashboard(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(
            "ecrm_analytics.spreadsheet_dashboard_ecrm_customers"
        )
        cls.data = json.loads(cls.dashboard.spreadsheet_data)
        cls.manager = new_test_user(
            cls.env, "dash_mgr", groups="base.group_user,ecrm_core.group_ecrm_manager"
        )
        cls.telesales = new_test_user(
            cls.env,
            "dash_tls",
            groups="base.group_user,ecrm_core.group_ecrm_telesales",
        )

    def test_dashboard_is_published_in_the_ecrm_group_for_managers(self):
        self.assertEqual(self.dashboard.name, "Customers")
        self.assertEqual(self.dashboard.dashboard_group_id.name, "eCRM")
        self.assertTrue(self.dashboard.is_published)
        self.assertEqual(
            self.dashboard.group_ids, self.env.ref("ecrm_core.group_ecrm_manager")
        )
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(self.dashboard, Dashboard.with_user(self.manager).search([]))
        self.assertNotIn(self.dashboard, Dashboard.with_user(self.telesales).search([]))

    def test_every_model_and_field_exists_and_a_manager_reads_it(self):
        used = fields_in_spreadsheet(self.data)
        # What the dashboard shows: scores, orders, alerts, complaints, tiers.
        self.assertGreaterEqual(
            set(used), {"res.partner", "sale.order", "ecrm.alert", "helpdesk.ticket"}
        )
        self.assertIn("ecrm_rfm_segment", used["res.partner"])
        self.assertIn("ecrm_value_at_risk", used["res.partner"])
        self.assertIn("ecrm_tier_id", used["res.partner"])
        self.assertIn("ecrm_sales_channel", used["sale.order"])
        self.assertIn("supplier_id", used["helpdesk.ticket"])
        self.assertIn("category_id", used["helpdesk.ticket"])
        self.assertIn("is_overdue", used["ecrm.privacy.request"])
        for model, field_names in used.items():
            self.assertIn(model, self.env)
            Model = self.env[model].with_user(self.manager)
            Model.check_access("read")
            for name in field_names:
                # a domain may follow a relation (partner_id.is_company)
                head, _dot, rest = name.partition(".")
                self.assertIn(head, Model._fields, f"{model}.{name}")
                if rest:
                    comodel = self.env[Model._fields[head].comodel_name]
                    self.assertIn(rest, comodel._fields, f"{model}.{name}")
            Model.check_field_access_rights(
                "read", list({name.partition(".")[0] for name in field_names})
            )
        for xml_id in menus_xml_ids_in_spreadsheet(self.data):
            self.assertTrue(self.env.ref(xml_id).action, xml_id)

    def test_a_manager_computes_every_pivot_and_chart(self):
        """What the browser asks for: a read_group per pivot and chart."""
        queries = [
            (
                p["model"],
                p["domain"],
                [r["fieldName"] for r in p["rows"]],
                p["measures"],
            )
            for p in self.data["pivots"].values()
        ] + [
            (
                c["metaData"]["resModel"],
                c["searchParams"]["domain"],
                c["metaData"]["groupBy"],
                [{"fieldName": c["metaData"]["measure"]}],
            )
            for c in odoo_charts(self.data)
        ]
        self.assertEqual(len(queries), 10)
        for model, domain, groupby, measures in queries:
            aggregates = [
                "__count" if m["fieldName"] == "__count" else f"{m['fieldName']}:sum"
                for m in measures
            ]
            self.env[model].with_user(self.manager).read_group(
                domain, aggregates, groupby, lazy=False
            )

    def test_scores_of_the_dashboard_are_hidden_from_telesales(self):
        Partner = self.env["res.partner"].with_user(self.telesales)
        with self.assertRaises(AccessError):
            Partner.check_field_access_rights("read", ["ecrm_value_at_risk"])

    def test_manager_menu_opens_the_dashboard(self):
        menu = self.env.ref("ecrm_analytics.menu_ecrm_dashboard_root")
        self.assertFalse(menu.parent_id)
        action = menu.action
        self.assertEqual(action.tag, "action_spreadsheet_dashboard")
        self.assertEqual(action.params, {"dashboard_id": self.dashboard.id})
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.manager)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.telesales)._visible_menu_ids())
        # The eCRM app itself keeps opening on its own first menu.
        self.assertFalse(self.env.ref("ecrm_core.menu_ecrm_root").action)

    def test_manager_loads_the_readonly_dashboard(self):
        loaded = self.dashboard.with_user(self.manager).get_readonly_dashboard()
        self.assertEqual(
            [s["name"] for s in loaded["snapshot"]["sheets"]], ["Dashboard", "Data"]
        )
        self.assertNotIn("is_sample", loaded)
