# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Cross-addon checks: the product's four addons as an integrator sees them."""

from odoo.tests import HttpCase, TransactionCase, tagged

ADDONS = ("ecrm_core", "ecrm_marketing", "ecrm_service", "ecrm_analytics")


@tagged("post_install", "-at_install")
class TestProductLayout(TransactionCase):
    test_module = "ecrm_tests"

    def test_four_addons_installed_agpl_in_apps_list(self):
        modules = self.env["ir.module.module"].search([("name", "in", ADDONS)])
        self.assertEqual(set(modules.mapped("name")), set(ADDONS))
        for module in modules:
            self.assertEqual(module.state, "installed", module.name)
            self.assertEqual(module.license, "AGPL-3", module.name)
            self.assertTrue(module.summary and len(module.summary) > 40, module.name)
            self.assertTrue(module.installed_version.startswith("18.0.1."), module.name)

    def test_dependencies_point_one_way(self):
        def deps(name):
            module = self.env["ir.module.module"].search([("name", "=", name)])
            return set(module.dependencies_id.mapped("name"))

        self.assertFalse(deps("ecrm_core") & set(ADDONS))
        self.assertEqual(deps("ecrm_marketing") & set(ADDONS), {"ecrm_core"})
        self.assertEqual(deps("ecrm_service") & set(ADDONS), {"ecrm_core"})
        self.assertEqual(
            deps("ecrm_analytics") & set(ADDONS),
            {"ecrm_core", "ecrm_marketing", "ecrm_service"},
        )


@tagged("post_install", "-at_install")
class TestWebClientServes(HttpCase):
    test_module = "ecrm_tests"

    def test_demo_user_logs_in_and_gets_the_ecrm_menu(self):
        self.authenticate("telesales", "telesales")
        response = self.url_open("/web/webclient/load_menus/1")
        self.assertEqual(response.status_code, 200)
        menus = response.json()
        names = {menu["xmlid"] for menu in menus.values() if isinstance(menu, dict)}
        self.assertIn("ecrm_core.menu_ecrm_root", names)


@tagged("post_install", "-at_install")
class TestOneSettingsPage(TransactionCase):
    test_module = "ecrm_tests"

    def test_every_addon_configures_on_the_ecrm_settings_page(self):
        """An administrator finds every eCRM option in one Settings app."""
        from lxml import etree

        arch = self.env["res.config.settings"].get_view(view_type="form")["arch"]
        apps = etree.fromstring(arch).xpath("//app[@name='ecrm_core']")
        self.assertEqual(len(apps), 1)
        fields = set(apps[0].xpath(".//field/@name"))
        for name in (
            "ecrm_max_call_attempts",  # ecrm_core: telesales
            "ecrm_loyalty_program_id",  # ecrm_marketing
            "ecrm_rfm_window_days",  # ecrm_analytics
            "ecrm_alert_drop_z",
        ):
            self.assertIn(name, fields)
        self.assertFalse(etree.fromstring(arch).xpath("//app[@name='ecrm_marketing']"))

    def test_settings_menu_opens_the_ecrm_app(self):
        action = self.env.ref("ecrm_core.res_config_settings_action")
        self.assertIn("'module': 'ecrm_core'", action.context)
        menu = self.env.ref("ecrm_core.menu_ecrm_settings")
        self.assertEqual(menu.parent_id, self.env.ref("ecrm_core.menu_ecrm_config"))
