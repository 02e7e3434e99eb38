# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from odoo.addons.ecrm_core.tests.portal_rpc import PortalRpcMixin

from .common import ComplaintCommon

FEB = date(2019, 2, 1)


class ScorecardData:
    """Supplier 1 in January 2019: 2 orders of its products, 1 complaint (500 per
    1,000). February: 5 orders (one also holds supplier 2's product), 2
    complaints, both escalated, one answered on time, one late; one closed and
    rated 4 (400 per 1,000: better)."""

    @classmethod
    def _scorecard_data(cls):
        cls.agreement.buyer_id = cls.manager
        cls.product_2 = (
            cls.env["product.supplierinfo"]
            .search([("partner_id", "=", cls.other_supplier.id)], limit=1)
            .product_tmpl_id.product_variant_id
        )
        cls._orders(datetime(2019, 1, 10), [cls.product] * 2)
        cls._orders(datetime(2019, 2, 3), [cls.product] * 4)
        cls._orders(datetime(2019, 2, 20), [cls.product | cls.product_2])
        cls._orders(datetime(2019, 2, 21), [cls.product], state="cancel")
        jan = cls._complaint(
            name="Áo co rút", category_id=cls.cat_supplier.id, product_id=cls.product.id
        )
        on_time = cls._complaint(
            name="Áo phai màu",
            category_id=cls.cat_supplier.id,
            product_id=cls.product.id,
        )
        late = cls._complaint(
            name="Áo rách đường may",
            category_id=cls.cat_supplier.id,
            product_id=cls.product.id,
        )
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                """UPDATE helpdesk_ticket SET ecrm_received_date = %s,
                          create_date = %s WHERE id = %s""",
                datetime(2019, 1, 15),
                datetime(2019, 1, 15),
                jan.id,
            )
        )
        cls.env.cr.execute(
            SQL(
                """UPDATE helpdesk_ticket
                      SET ecrm_received_date = %s, create_date = %s,
                          ecrm_supplier_state = 'answered',
                          ecrm_supplier_escalated_date = %s,
                          ecrm_supplier_answer_date = %s, ecrm_supplier_late = FALSE,
                          closed_date = %s, rating_last_value = 4
                    WHERE id = %s""",
                datetime(2019, 2, 4),
                datetime(2019, 2, 4),
                datetime(2019, 2, 4, 10),
                datetime(2019, 2, 5),
                datetime(2019, 2, 6),
                on_time.id,
            )
        )
        cls.env.cr.execute(
            SQL(
                """UPDATE helpdesk_ticket
                      SET ecrm_received_date = %s, create_date = %s,
                          ecrm_supplier_state = 'escalated',
                          ecrm_supplier_escalated_date = %s,
                          ecrm_supplier_late = TRUE
                    WHERE id = %s""",
                datetime(2019, 2, 10),
                datetime(2019, 2, 10),
                datetime(2019, 2, 10, 9),
                late.id,
            )
        )
        cls.env.invalidate_all()
        Scorecard = cls.env["ecrm.supplier.scorecard.month"]
        Scorecard._ecrm_compute(date(2019, 1, 1))
        cls.lines = Scorecard._cron_ecrm_monthly_scorecard(month=FEB)
        cls.line = cls.lines.filtered(lambda line: line.supplier_id == cls.supplier)
        cls.other_line = cls.lines.filtered(
            lambda line: line.supplier_id == cls.other_supplier
        )

    @classmethod
    def _orders(cls, when, product_sets, state="sale"):
        orders = cls.env["sale.order"].create(
            [
                {
                    "partner_id": cls.customer.id,
                    "order_line": [
                        Command.create({"product_id": p.id, "product_uom_qty": 1})
                        for p in products
                    ],
                }
                for products in product_sets
            ]
        )
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                "UPDATE sale_order SET state = %s, date_order = %s WHERE id IN %s",
                state,
                when,
                tuple(orders.ids),
            )
        )
        return orders


@tagged("post_install", "-at_install")
class TestSupplierScorecard(ScorecardData, ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._scorecard_data()

    def test_scorecard_on_known_data(self):
        self.assertRecordValues(
            self.line,
            [
                {
                    "month": FEB,
                    "order_count": 5,
                    "complaint_count": 2,
                    "complaints_per_1000": 400.0,
                    "escalated_count": 2,
                    "on_time_count": 1,
                    "late_count": 1,
                    "on_time_rate": 50.0,
                    "rating_sum": 4,
                    "rating_count": 1,
                    "rating_avg": 4.0,
                    "previous_per_1000": 500.0,
                    "trend": "better",
                    "breach": True,
                    "sent": True,
                }
            ],
        )
        self.assertEqual(self.other_line.order_count, 1)
        self.assertEqual(self.other_line.complaint_count, 0)
        self.assertEqual(self.other_line.trend, "new")

    def test_recomputing_a_month_updates_its_row(self):
        again = self.env["ecrm.supplier.scorecard.month"]._ecrm_compute(FEB)
        self.assertIn(self.line, again)
        self.assertEqual(
            self.env["ecrm.supplier.scorecard.month"].search_count(
                [("supplier_id", "=", self.supplier.id), ("month", "=", FEB)]
            ),
            1,
        )

    def test_breach_flagged_to_the_buyer(self):
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "ecrm.supplier.agreement"),
                ("res_id", "=", self.agreement.id),
            ]
        )
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn("02/2019", str(activity.note))
        self.assertIn("1 of 2", str(activity.note))

    def test_scorecard_mailed_to_the_supplier_in_vietnamese(self):
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "ecrm.supplier.scorecard.month"),
                ("res_id", "=", self.line.id),
            ]
        )
        self.assertEqual(mail.recipient_ids, self.supplier)
        self.assertIn("02/2019", mail.subject)
        self.assertIn("400.00", mail.body_html)
        self.assertIn("trên 1.000 đơn hàng", mail.body_html)
        self.assertNotIn(self.customer.name, mail.body_html)

    def test_ranking_for_managers_only(self):
        Scorecard = self.env["ecrm.supplier.scorecard.month"]
        self.assertIn(
            self.line, Scorecard.with_user(self.manager).search([("month", "=", FEB)])
        )
        for user in (self.agent, self.warehouse_lead):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Scorecard.with_user(user).search([])
        groups = Scorecard.with_user(self.manager).read_group(
            [("month", "=", FEB)],
            ["complaint_count", "complaints_per_1000"],
            ["supplier_id"],
        )
        self.assertTrue(groups)
        # rates are never summed nor averaged across rows
        self.assertNotIn("complaints_per_1000", groups[0])

    def test_quality_survey_sent_to_each_supplier(self):
        self.agreement.quality_survey_last_date = False
        inputs = self.env[
            "ecrm.supplier.agreement"
        ]._cron_ecrm_supplier_quality_survey()
        mine = inputs.filtered(lambda i: i.ecrm_agreement_id == self.agreement)
        self.assertEqual(mine.partner_id, self.supplier)
        self.assertEqual(
            mine.survey_id, self.env.ref("ecrm_service.survey_supplier_quality")
        )
        self.assertTrue(self.agreement.quality_survey_last_date)
        # not again before the interval
        again = self.env["ecrm.supplier.agreement"]._cron_ecrm_supplier_quality_survey()
        self.assertNotIn(self.agreement, again.ecrm_agreement_id)
        with self.assertRaises(AccessError):
            self.agreement.with_user(self.agent).action_send_quality_survey()


@tagged("post_install", "-at_install")
class TestSupplierScorecardPortal(
    ScorecardData, PortalRpcMixin, ComplaintCommon, HttpCase
):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._scorecard_data()

    def test_supplier_sees_its_own_scorecard(self):
        self.authenticate("t_ncc1", "t_ncc1_pwd")
        page = self.url_open("/my/supplier_scorecard")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_ecrm_supplier_scorecard", page.text)
        self.assertIn("400.00", page.text)
        self.assertIn("02/2019", page.text)
        self.assertNotIn(self.customer.name, page.text)
        self.assertNotIn(self.other_supplier.name, page.text)
        page = self.url_open(f"/my/supplier_scorecard/{self.line.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("500.00", page.text)  # January, for the trend
        records, error = self.call_kw(
            "ecrm.supplier.scorecard.month",
            "search_read",
            [[]],
            {"fields": ["supplier_id", "complaints_per_1000"]},
        )
        self.assertIsNone(error)
        self.assertEqual({r["supplier_id"][0] for r in records}, {self.supplier.id})

    def test_another_supplier_gets_404_and_nothing_by_rpc(self):
        self.authenticate("t_ncc2", "t_ncc2_pwd")
        page = self.url_open(f"/my/supplier_scorecard/{self.line.id}")
        self.assertEqual(page.status_code, 404)
        self.assertNotIn("400.00", page.text)
        self.assertCallRefused("ecrm.supplier.scorecard.month", "read", [self.line.ids])
        records, _error = self.call_kw(
            "ecrm.supplier.scorecard.month",
            "search_read",
            [[("supplier_id", "=", self.supplier.id)]],
            {"fields": ["complaint_count"]},
        )
        self.assertFalse(records)
        self.assertCallRefused(
            "ecrm.supplier.scorecard.month", "write", [self.line.ids, {"late_count": 0}]
        )

    def test_portal_customer_gets_404_and_nothing_by_rpc(self):
        self.authenticate("t_mai", "t_mai_pwd")
        self.assertEqual(self.url_open("/my/supplier_scorecard").status_code, 404)
        self.assertEqual(
            self.url_open(f"/my/supplier_scorecard/{self.line.id}").status_code, 404
        )
        self.assertCallRefused("ecrm.supplier.scorecard.month", "read", [self.line.ids])
        self.assertCallRefused(
            "ecrm.supplier.scorecard.month", "search_read", [[]], {"fields": ["id"]}
        )

    def test_supplier_api_key_gets_the_same_limits(self):
        key = self.portal_api_key(self.other_supplier_user)
        self.assertXmlrpcRefused(
            self.other_supplier_user,
            key,
            "ecrm.supplier.scorecard.month",
            "read",
            self.line.ids,
            fields=["complaint_count"],
        )
