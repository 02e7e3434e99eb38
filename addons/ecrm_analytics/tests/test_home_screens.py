# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each demo user, logged in, lands on their own work and it is not empty."""

import json

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDemoHomeScreens(HttpCase):
    HOME = {
        "manager": "ecrm_analytics.ecrm_dashboard_action",
        "telesales": "ecrm_core.sale_order_action_telesales_today",
        "cskh": "ecrm_service.helpdesk_ticket_action_team",
        "kho": "ecrm_service.helpdesk_ticket_action_team",
        "marketing": "ecrm_marketing.ecrm_segment_action",
    }

    def _user(self, login):
        return self.env["res.users"].search([("login", "=", login)])

    def test_each_role_lands_on_its_app(self):
        for login, xmlid in self.HOME.items():
            with self.subTest(login=login):
                self.assertEqual(self._user(login).action_id.id, self.env.ref(xmlid).id)

    def _tour(self, login):
        self.start_tour("/odoo", "ecrm_home_screen_has_data", login=login)

    def test_manager_home_screen_shows_the_dashboard_with_scores(self):
        self.env["ecrm.analytics"].run_nightly()
        self._tour("manager")

    def _dashboard_pivot(self, number):
        data = json.loads(
            self.env.ref(
                "ecrm_analytics.spreadsheet_dashboard_ecrm_customers"
            ).spreadsheet_data
        )
        return data["pivots"][str(number)]

    def test_manager_dashboard_counts_scored_customers_after_the_nightly_run(self):
        """The key figure "Scored customers" and the RFM chart, read as the
        manager with the dashboard's own domains: empty before the nightly
        run has scored anyone, filled after it."""
        manager = self._user("manager")
        Partner = self.env["res.partner"].with_user(manager)
        scored = self._dashboard_pivot(1)
        self.assertEqual(scored["model"], "res.partner")
        self.env.cr.execute(
            "UPDATE res_partner SET ecrm_rfm_segment = NULL, ecrm_rfm_code = NULL"
        )
        self.env.invalidate_all()
        self.assertEqual(Partner.search_count(scored["domain"]), 0)
        self.env["ecrm.analytics"].run_nightly()
        self.env.invalidate_all()
        count = Partner.search_count(scored["domain"])
        self.assertGreaterEqual(count, 10)
        by_segment = self._dashboard_pivot(3)
        groups = Partner._read_group(
            by_segment["domain"], ["ecrm_rfm_segment"], ["__count"]
        )
        self.assertGreaterEqual(len(groups), 2, groups)
        self.assertEqual(sum(n for _segment, n in groups), count)
        # only people: the sample companies of Odoo's demo are never scored in
        self.assertFalse(Partner.search(scored["domain"]).filtered("is_company"))

    def test_telesales_home_screen_lists_calls(self):
        self._tour("telesales")

    def test_customer_service_home_screen_shows_complaints(self):
        self._tour("cskh")

    def test_department_home_screen_shows_complaints(self):
        self._tour("kho")

    def test_marketing_home_screen_lists_segments(self):
        self._tour("marketing")

    def test_home_records_of_each_role_are_their_own_work(self):
        """What the first screens list, read as each user through their action."""
        telesales = self._user("telesales")
        calls = (
            self.env["sale.order"]
            .with_user(telesales)
            .search([("ecrm_call_due", "=", True)])
        )
        self.assertTrue(calls)
        self.assertLessEqual(
            set(calls.mapped("ecrm_telesales_state")), {"to_call", "no_answer"}
        )
        for login, team in (
            ("cskh", "ecrm_service.team_customer_service"),
            ("kho", "ecrm_service.team_warehouse"),
        ):
            user = self._user(login)
            board = (
                self.env["helpdesk.ticket"]
                .with_user(user)
                .search(
                    [
                        ("team_id.user_ids", "in", user.id),
                        ("stage_id.closed", "=", False),
                    ]
                )
            )
            self.assertTrue(board, login)
            self.assertEqual(board.team_id, self.env.ref(team))
        # customer service sees a complaint just in and a late one
        board = self.env["helpdesk.ticket"].search(
            [
                ("team_id", "=", self.env.ref("ecrm_service.team_customer_service").id),
                ("stage_id.closed", "=", False),
            ]
        )
        self.assertIn("late", board.mapped("ecrm_deadline_state"))
        self.assertTrue(board.filtered(lambda t: t.ecrm_deadline_state != "late"))
        marketing = self._user("marketing")
        segments = self.env["ecrm.segment"].with_user(marketing).search([])
        self.assertTrue(segments.filtered("member_count"))

    def test_helpdesk_demo_of_the_addon_is_archived(self):
        for xmlid in (
            "helpdesk_mgmt.helpdesk_category_1",
            "helpdesk_mgmt.helpdesk_team_1",
        ):
            self.assertFalse(self.env.ref(xmlid).active, xmlid)
        categories = self.env["helpdesk.ticket"].search([]).category_id
        self.assertFalse(categories.filtered(lambda c: not c.ecrm_code), categories)

    def test_dashboard_charts_count_people_not_sample_companies(self):
        data = json.loads(
            self.env.ref(
                "ecrm_analytics.spreadsheet_dashboard_ecrm_customers"
            ).spreadsheet_data
        )
        for pivot in data["pivots"].values():
            if pivot["model"] == "res.partner":
                self.assertIn(["is_company", "=", False], pivot["domain"])
            if pivot["model"] == "sale.order":
                self.assertIn(["partner_id.is_company", "=", False], pivot["domain"])
        gemini = self.env.ref("base.res_partner_3", raise_if_not_found=False)
        if gemini:
            Order = self.env["sale.order"]
            domain = data["pivots"]["2"]["domain"]
            self.assertFalse(Order.search(domain + [("partner_id", "=", gemini.id)]))

    def test_portal_users_land_on_their_pages(self):
        self.authenticate("khach", "khach")
        response = self.url_open("/odoo", timeout=60)
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertIn("/my/orders", response.text)
        self.authenticate("ncc1", "ncc1")
        response = self.url_open("/odoo", timeout=60)
        self.assertIn("/my/supplier_complaints", response.text)

    def test_supplier_login_opens_the_escalated_complaints(self):
        for login, landing in (("ncc1", "/my/supplier_complaints"), ("khach", "/my")):
            with self.subTest(login=login):
                self.authenticate(None, None)
                response = self.url_open("/web/login", timeout=60)
                csrf = response.text.split('name="csrf_token" value="')[1].split('"')[0]
                response = self.url_open(
                    "/web/login",
                    data={"login": login, "password": login, "csrf_token": csrf},
                    allow_redirects=False,
                    timeout=60,
                )
                self.assertEqual(response.status_code, 303)
                self.assertTrue(
                    response.headers["Location"].endswith(landing),
                    response.headers["Location"],
                )
        # a wrong password lands nowhere
        self.authenticate(None, None)
        response = self.url_open("/web/login", timeout=60)
        csrf = response.text.split('name="csrf_token" value="')[1].split('"')[0]
        response = self.url_open(
            "/web/login",
            data={"login": "ncc1", "password": "wrong", "csrf_token": csrf},
            allow_redirects=False,
            timeout=60,
        )
        self.assertEqual(response.status_code, 200)
