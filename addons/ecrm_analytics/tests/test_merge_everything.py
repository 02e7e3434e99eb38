# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A merge of five profiles keeps everything of the four addons on the survivor,
and its undo gives everything back."""

from odoo.tests import tagged

from odoo.addons.ecrm_core.tests.common import EcrmManagerCase


@tagged("post_install", "-at_install")
class TestMergeEverything(EcrmManagerCase):
    env_context = {"lang": "en_US", "mail_notify_force_send": False}
    manager_login = "t_merge5_manager"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        vn = cls.env.ref("base.vn")
        cls.profiles = Partner.create(
            [
                {
                    "name": name,
                    "mobile": mobile,
                    "email": email,
                    "country_id": vn.id,
                    "customer_rank": 1,
                }
                for name, mobile, email in [
                    ("Hoàng Thị Thu", "0903 100 001", "thu.hoang@example.vn"),
                    ("Thu Hoàng", "0903 100 002", False),
                    ("Chị Thu", "0903 100 003", "thu.cu@example.vn"),
                    ("Hoang Thu", "0903 100 004", False),
                    ("Thu (cửa hàng)", "0903 100 005", False),
                ]
            ]
        )
        cls.survivor = cls.profiles[0]
        cls.sources = cls.profiles[1:]
        p0, p1, p2, p3, p4 = cls.profiles
        product = cls.env.ref("ecrm_core.product_10")
        cls.orders = cls.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id, "price_unit": 100000})
                    ],
                }
                for partner in (p0, p1, p2)
            ]
        )
        cls.orders.action_confirm()
        cls.interaction = cls.env["ecrm.interaction"].create(
            {"partner_id": p3.id, "summary": "Gọi hỏi size áo"}
        )
        program = cls.env["loyalty.program"].create(
            {"name": "Tích điểm gộp hồ sơ", "program_type": "loyalty"}
        )
        cls.card = cls.env["loyalty.card"].create(
            {"program_id": program.id, "partner_id": p1.id, "points": 750}
        )
        cls.tier_history = cls.env["ecrm.loyalty.tier.history"].create(
            {"partner_id": p1.id, "company_id": cls.env.company.id, "points": 750}
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Áo giao sai màu",
                "description": "<p>Sai màu</p>",
                "partner_id": p2.id,
            }
        )
        cls.rating = cls.env["rating.rating"].create(
            {
                "res_model_id": cls.env["ir.model"]._get_id("helpdesk.ticket"),
                "res_id": cls.ticket.id,
                "partner_id": p2.id,
                "rating": 4,
                "consumed": True,
            }
        )
        cls.segment = cls.env["ecrm.segment"].create({"name": "Khách gộp thử"})
        cls.segment.sudo().member_ids = [(6, 0, p3.ids)]
        # consent: the survivor agreed to emails, the store profile withdrew
        p0._ecrm_set_consent("email", True, "web")
        p4._ecrm_set_consent("email", False, "store")
        p3._ecrm_set_consent("sms", True, "phone")
        # scores of a merged profile; the survivor was never scored
        p1.sudo().write({"ecrm_clv": 2500000.0, "ecrm_rfm_code": "545"})

    def _merge(self):
        merge_id = (
            self.env["ecrm.merge"]
            .with_user(self.manager)
            .ecrm_merge_partners(self.survivor.id, self.sources.ids)
        )
        return self.env["ecrm.merge"].browse(merge_id)

    def test_merge_of_five_profiles_keeps_everything_and_undo_restores_it(self):
        p0, p1, p2, p3, p4 = self.profiles
        merge = self._merge()
        self.assertEqual(merge.partner_ids, self.sources)
        self.assertFalse(any(self.sources.mapped("active")))
        self.assertEqual(set(self.orders.mapped("partner_id")), {p0})
        self.assertEqual(self.interaction.partner_id, p0)
        self.assertEqual(self.card.partner_id, p0)
        self.assertEqual(self.card.points, 750)
        self.assertEqual(self.tier_history.partner_id, p0)
        self.assertEqual(self.ticket.partner_id, p0)
        self.assertEqual(self.rating.partner_id, p0)
        self.assertIn(p0, self.segment.member_ids)
        self.assertEqual(
            set(p0.ecrm_phone_ids.mapped("number_e164")),
            {f"+84903100{i:03d}" for i in range(1, 6)},
        )
        self.assertEqual(
            self.env["res.partner"]._ecrm_find_by_contact("0903100005"), p0
        )
        # a withdrawal on one profile stays withdrawn; other consents are kept
        self.assertFalse(p0.ecrm_consent_email)
        self.assertEqual(p0.ecrm_consent_email_source, "store")
        self.assertTrue(p0.ecrm_consent_sms)
        self.assertEqual(p0.ecrm_clv, 2500000.0)
        self.assertEqual(p0.ecrm_rfm_code, "545")
        self.assertEqual(p0.ecrm_order_count, 3)
        self.assertEqual(p0.email, "thu.hoang@example.vn")

        merge.with_user(self.manager).action_undo()
        self.assertTrue(all(self.sources.mapped("active")))
        self.assertEqual(self.orders.mapped("partner_id"), p0 | p1 | p2)
        self.assertEqual(self.interaction.partner_id, p3)
        self.assertEqual(self.card.partner_id, p1)
        self.assertEqual(self.tier_history.partner_id, p1)
        self.assertEqual(self.ticket.partner_id, p2)
        self.assertEqual(self.rating.partner_id, p2)
        self.assertEqual(self.segment.member_ids, p3)
        self.assertEqual(p0.ecrm_phone_ids.mapped("number_e164"), ["+84903100001"])
        self.assertEqual(p4.ecrm_phone_ids.mapped("number_e164"), ["+84903100005"])
        self.assertEqual(p4.ecrm_phone_ids.kind, "mobile")
        self.assertTrue(p0.ecrm_consent_email)
        self.assertFalse(p0.ecrm_consent_sms)
        self.assertTrue(p3.ecrm_consent_sms)
        self.assertFalse(p0.ecrm_clv)
        self.assertFalse(p0.ecrm_rfm_code)
        self.assertEqual(p1.ecrm_clv, 2500000.0)
        self.assertEqual(p0.ecrm_order_count, 1)
        self.assertEqual(p1.ecrm_order_count, 1)
