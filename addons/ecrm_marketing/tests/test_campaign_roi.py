# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import EcrmMarketingCase


@tagged("post_install", "-at_install")
class TestCampaignRoi(EcrmMarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.facebook = cls.env["utm.medium"].create(
            {"name": "Facebook test", "ecrm_channel": "facebook"}
        )
        cls.email = cls.env["utm.medium"].create(
            {"name": "Email test", "ecrm_channel": "email"}
        )
        cls.campaign = cls.env["utm.campaign"].create(
            {"title": "Tết 2027 test", "ecrm_budget_planned": 50000000}
        )
        Cost = cls.env["ecrm.campaign.cost"]
        Cost.create(
            [
                {
                    "campaign_id": cls.campaign.id,
                    "channel": "facebook",
                    "date": date(2026, 11, 5),
                    "amount": 2000000,
                },
                {
                    "campaign_id": cls.campaign.id,
                    "channel": "facebook",
                    "date": date(2026, 11, 20),
                    "amount": 1000000,
                },
                {
                    "campaign_id": cls.campaign.id,
                    "channel": "display",
                    "date": date(2026, 11, 7),
                    "amount": 4000000,
                },
            ]
        )
        cls.env["ecrm.campaign.reach"].create(
            {
                "campaign_id": cls.campaign.id,
                "channel": "facebook",
                "date": date(2026, 11, 5),
                "impressions": 100000,
                "clicks": 2500,
            }
        )
        for amount, day in ((4000000, 10), (2000000, 12), (3000000, 25)):
            order = cls._order(
                amount=amount,
                campaign_id=cls.campaign.id,
                medium_id=cls.facebook.id,
                date_order=f"2026-11-{day} 10:00:00",
            )
            order.action_confirm()
            order.date_order = f"2026-11-{day} 10:00:00"
        # A cancelled order counts for nothing.
        cancelled = cls._order(
            amount=9000000, campaign_id=cls.campaign.id, medium_id=cls.facebook.id
        )
        cancelled.action_confirm()
        cancelled._action_cancel()

    def _rows(self, groupby):
        return self.env["ecrm.channel.report"]._read_group(
            [("campaign_id", "=", self.campaign.id)],
            groupby,
            [
                "cost:sum",
                "orders:sum",
                "revenue:sum",
                "cost_per_order:sum",
                "roi:sum",
                "impressions:sum",
                "clicks:sum",
            ],
        )

    def test_roi_by_channel_on_known_data(self):
        rows = {row[0]: row[1:] for row in self._rows(["channel"])}
        cost, orders, revenue, cpo, roi, impressions, clicks = rows["facebook"]
        self.assertEqual(cost, 3000000)
        self.assertEqual(orders, 3)
        self.assertEqual(revenue, 9000000)
        self.assertEqual(cpo, 1000000)
        self.assertAlmostEqual(roi, 2.0)  # (9M - 3M) / 3M
        self.assertEqual((impressions, clicks), (100000, 2500))
        cost, orders, revenue, cpo, roi, *_ = rows["display"]
        self.assertEqual((cost, orders, revenue), (4000000, 0, 0))
        self.assertFalse(cpo)
        self.assertAlmostEqual(roi, -1.0)

    def test_roi_of_the_whole_campaign_is_a_ratio_not_a_sum(self):
        [(campaign, cost, orders, revenue, cpo, roi, *_)] = self._rows(["campaign_id"])
        self.assertEqual(campaign, self.campaign)
        self.assertEqual((cost, orders, revenue), (7000000, 3, 9000000))
        self.assertAlmostEqual(roi, (9000000 - 7000000) / 7000000)
        self.assertAlmostEqual(cpo, 7000000 / 3)
        self.assertEqual(self.campaign.ecrm_budget_actual, 7000000)

    def test_interactions_about_the_campaign_or_its_orders_are_counted(self):
        order = self.env["sale.order"].search(
            [("campaign_id", "=", self.campaign.id), ("state", "=", "sale")], limit=1
        )
        Interaction = self.env["ecrm.interaction"]
        Interaction.create(
            [
                {
                    "partner_id": order.partner_id.id,
                    "channel": "facebook",
                    "summary": "Khách nhắn tin hỏi về khuyến mãi Tết",
                    "date": "2026-11-06 09:00:00",
                    "res_model": "utm.campaign",
                    "res_id": self.campaign.id,
                },
                {
                    "partner_id": order.partner_id.id,
                    "channel": "call",
                    "summary": "Gọi xác nhận đơn",
                    "date": "2026-11-10 11:00:00",
                    "res_model": "sale.order",
                    "res_id": order.id,
                },
            ]
        )
        rows = dict(
            self.env["ecrm.channel.report"]._read_group(
                [("campaign_id", "=", self.campaign.id)],
                ["channel"],
                ["interactions:sum"],
            )
        )
        self.assertEqual(rows["facebook"], 1)
        self.assertEqual(rows["other"], 1)

    def test_report_by_month(self):
        rows = self._rows(["date:month"])
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][1], 7000000)

    def test_negative_cost_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.env["ecrm.campaign.cost"].create(
                {"campaign_id": self.campaign.id, "channel": "sms", "amount": -1}
            )

    def test_email_reach_comes_from_mailing_statistics(self):
        mlist = self.env["mailing.list"].create({"name": "Tết"})
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Ưu đãi Tết",
                "body_html": "<p>Chúc mừng năm mới</p>",
                "campaign_id": self.campaign.id,
                "mailing_model_id": self.env.ref("mass_mailing.model_mailing_list").id,
                "contact_list_ids": [(6, 0, mlist.ids)],
            }
        )
        Trace = self.env["mailing.trace"]
        for i in range(4):
            Trace.create(
                {
                    "mass_mailing_id": mailing.id,
                    "model": "mailing.contact",
                    "res_id": i + 1,
                    "email": f"khach{i}@example.vn",
                    "trace_status": "open" if i < 2 else "sent",
                    "sent_datetime": "2026-11-15 08:00:00",
                    "open_datetime": "2026-11-15 09:00:00" if i < 2 else False,
                    "links_click_datetime": "2026-11-15 09:05:00" if i < 1 else False,
                }
            )
        self.env["ecrm.campaign.reach"]._cron_ecrm_email_reach()
        reach = self.env["ecrm.campaign.reach"].search(
            [("campaign_id", "=", self.campaign.id), ("channel", "=", "email")]
        )
        self.assertEqual(
            (reach.recipients, reach.impressions, reach.clicks, reach.mailing_id),
            (4, 2, 1, mailing),
        )
        # Refreshing does not duplicate.
        self.env["ecrm.campaign.reach"]._cron_ecrm_email_reach()
        self.assertEqual(
            self.env["ecrm.campaign.reach"].search_count(
                [("campaign_id", "=", self.campaign.id), ("channel", "=", "email")]
            ),
            1,
        )

    def test_marketing_enters_costs_telesales_cannot(self):
        cost = (
            self.env["ecrm.campaign.cost"]
            .with_user(self.marketing)
            .create({"campaign_id": self.campaign.id, "channel": "sms", "amount": 10})
        )
        self.assertEqual(cost.company_id, self.company)
        self.assertTrue(
            self.env["ecrm.channel.report"].with_user(self.marketing).search_count([])
        )
        with self.assertRaises(AccessError):
            self.env["ecrm.campaign.cost"].with_user(self.telesales).create(
                {"campaign_id": self.campaign.id, "channel": "sms", "amount": 10}
            )
        with self.assertRaises(AccessError):
            self.env["ecrm.channel.report"].with_user(self.service).search([])
