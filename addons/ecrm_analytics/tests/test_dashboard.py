# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import file_open
from odoo.tools.translate import code_translations, extract_spreadsheet_terms

from odoo.addons.ecrm_core.tests.portal_rpc import PortalRpcMixin
from odoo.addons.spreadsheet.utils.validate_data import (
    fields_in_spreadsheet,
    menus_xml_ids_in_spreadsheet,
    odoo_charts,
)


def _aggregate(Model, name):
    """A measure as the browser asks for it: with the field's own aggregator."""
    if name == "__count":
        return name
    return f"{name}:{Model._fields[name].aggregator}"


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
        self.assertEqual(len(queries), 21)
        for model, domain, groupby, measures in queries:
            Model = self.env[model].with_user(self.manager)
            aggregates = [_aggregate(Model, m["fieldName"]) for m in measures]
            Model.read_group(domain, aggregates, groupby, lazy=False)

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


# The SQL report models behind the delivery and customer-service tiles.
DELIVERY_AND_SERVICE = {
    "ecrm.delivery.report",
    "ecrm.payment.report",
    "ecrm.telesales.report",
    "ecrm.complaint.report",
    "ecrm.satisfaction.report",
}
# Of those, the ones a telesales agent may not read at all.
MANAGER_ONLY = {
    "ecrm.payment.report",
    "ecrm.complaint.report",
    "ecrm.satisfaction.report",
}
PERIOD = "6a1f3c2e-5b7d-4e8a-9c01-3e0c7d2a9b41"


def _sources(data):
    """Every pivot and chart of the dashboard: what it asks the server for."""
    for pivot in data["pivots"].values():
        yield {
            "name": pivot["name"],
            "model": pivot["model"],
            "domain": pivot["domain"],
            "groupby": [r["fieldName"] for r in pivot["rows"] + pivot["columns"]],
            "measures": [m["fieldName"] for m in pivot["measures"]],
            "matching": pivot["fieldMatching"],
        }
    for chart in odoo_charts(data):
        yield {
            "name": chart["title"]["text"],
            "model": chart["metaData"]["resModel"],
            "domain": chart["searchParams"]["domain"],
            "groupby": chart["metaData"]["groupBy"],
            "measures": [chart["metaData"]["measure"]],
            "matching": chart["fieldMatching"],
        }


@tagged("post_install", "-at_install")
class TestDeliveryAndServiceTiles(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        dashboard = cls.env.ref("ecrm_analytics.spreadsheet_dashboard_ecrm_customers")
        cls.data = json.loads(dashboard.spreadsheet_data)
        cls.sources = list(_sources(cls.data))
        cls.manager = new_test_user(
            cls.env, "dash_mgr2", groups="base.group_user,ecrm_core.group_ecrm_manager"
        )

    def test_each_report_feeds_a_tile_with_fields_it_has(self):
        used = {s["model"] for s in self.sources}
        self.assertLessEqual(DELIVERY_AND_SERVICE, used)
        for source in self.sources:
            if source["model"] not in DELIVERY_AND_SERVICE:
                continue
            Model = self.env[source["model"]].with_user(self.manager)
            self.assertFalse(Model._auto, f"{source['name']}: an SQL report")
            for name in source["groupby"]:
                self.assertIn(name.partition(":")[0], Model._fields, source["name"])
            for name in source["measures"]:
                if name == "__count":
                    continue
                self.assertIn(
                    Model._fields[name].type, ("integer", "float"), source["name"]
                )
            # a valid domain, in the period the other tiles follow
            Model.search_count(source["domain"])
            self.assertIn(PERIOD, source["matching"], source["name"])
            for matching in source["matching"].values():
                self.assertIn(matching["chain"], Model._fields, source["name"])

    def test_store_and_category_filters_switch_the_satisfaction_tiles(self):
        filters = {
            f["label"]: f for f in self.data["globalFilters"] if f["type"] == "relation"
        }
        self.assertEqual(filters["Store"]["modelName"], "crm.team")
        self.assertEqual(
            filters["Complaint category"]["modelName"], "helpdesk.ticket.category"
        )
        satisfaction = [
            s for s in self.sources if s["model"] == "ecrm.satisfaction.report"
        ]
        # the trend charts (CSAT and NPS) and the tables by store and category
        self.assertEqual(len(satisfaction), 4)
        for source in satisfaction:
            self.assertEqual(
                source["matching"][filters["Store"]["id"]]["chain"], "store_id"
            )
            self.assertEqual(
                source["matching"][filters["Complaint category"]["id"]]["chain"],
                "category_id",
            )
        charts = {c["title"]["text"]: c["metaData"] for c in odoo_charts(self.data)}
        trend = charts["CSAT by month and channel (1-5)"]
        self.assertEqual(trend["groupBy"], ["date:month", "channel"])
        self.assertEqual(trend["measure"], "csat")
        self.assertEqual(
            charts["Cancelled orders by reason"]["groupBy"][0], "ecrm_cancel_reason_id"
        )

    def test_scorecards_show_cells_of_the_data_sheet(self):
        dashboard, data_sheet = self.data["sheets"]
        cards = {
            f["data"]["title"]["text"]: f["data"]
            for f in dashboard["figures"]
            if f["data"]["type"] == "scorecard"
        }
        for title in (
            "Failed COD deliveries",
            "Failed COD delivery cost",
            "Delivered on time",
            "Payment errors",
        ):
            for key in ("keyValue", "baseline"):
                ref = cards[title].get(key)
                if ref:
                    sheet, _bang, cell = ref.partition("!")
                    self.assertEqual(sheet, "Data")
                    self.assertIn(cell, data_sheet["cells"], title)
        # the second row of scorecards sits under the first, above the charts
        rows = sorted({f["y"] for f in dashboard["figures"]})
        self.assertEqual(rows[:2], [9, 130])


@tagged("post_install", "-at_install")
class TestDashboardTilesThroughCallKw(PortalRpcMixin, HttpCase):
    """What the browser of each role asks for the new tiles, through the route
    it uses: ``/web/dataset/call_kw`` with a session."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        dashboard = cls.env.ref("ecrm_analytics.spreadsheet_dashboard_ecrm_customers")
        cls.sources = [
            s
            for s in _sources(json.loads(dashboard.spreadsheet_data))
            if s["model"] in DELIVERY_AND_SERVICE
        ]
        cls.manager = new_test_user(
            cls.env,
            "dash_mgr_http",
            groups="base.group_user,ecrm_core.group_ecrm_manager",
        )
        cls.telesales = new_test_user(
            cls.env,
            "dash_tls_http",
            groups="base.group_user,ecrm_core.group_ecrm_telesales",
        )

    def _read_group(self, source):
        Model = self.env[source["model"]]
        return self.call_kw(
            source["model"],
            "read_group",
            [],
            {
                "domain": source["domain"],
                "fields": [_aggregate(Model, m) for m in source["measures"]],
                "groupby": source["groupby"],
                "lazy": False,
            },
        )

    def test_manager_computes_every_delivery_and_service_tile(self):
        self.authenticate(self.manager.login, self.manager.login)
        for source in self.sources:
            result, error = self._read_group(source)
            self.assertIsNone(error, source["name"])
            self.assertIsInstance(result, list, source["name"])

    def test_telesales_cannot_read_the_manager_only_reports(self):
        self.authenticate(self.telesales.login, self.telesales.login)
        refused = set()
        for source in self.sources:
            result, error = self._read_group(source)
            if source["model"] in MANAGER_ONLY:
                self.assertEqual(error, "odoo.exceptions.AccessError", source["name"])
                refused.add(source["model"])
            else:
                # the agent's own queue and deliveries: readable by telesales
                self.assertIsNone(error, source["name"])
        self.assertEqual(refused, MANAGER_ONLY)
        for model in MANAGER_ONLY:
            self.assertCallRefused(model, "search_read", [[]], {"limit": 1})


@tagged("post_install", "-at_install")
class TestDashboardInVietnamese(TransactionCase):
    def test_every_title_of_the_dashboard_is_translated(self):
        dashboard = self.env.ref("ecrm_analytics.spreadsheet_dashboard_ecrm_customers")
        with file_open("ecrm_analytics/data/files/ecrm_dashboard.json", "rb") as f:
            terms = {
                term for _line, _f, term, _c in extract_spreadsheet_terms(f, [], [], {})
            }
        self.assertIn("Failed COD deliveries", terms)
        messages = code_translations.get_web_translations("ecrm_analytics", "vi_VN")
        translated = {m["id"]: m["string"] for m in messages["messages"]}
        self.assertEqual(translated["Failed COD deliveries"], "Giao COD thất bại")
        self.assertEqual(translated["Complaint category"], "Loại khiếu nại")
        self.assertFalse(sorted(terms - set(translated)), dashboard.name)
