# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Merging customer profiles: logged, reversible, and only by managers."""

import json
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import EcrmProfileCase, new_api_user
from .portal_rpc import PortalRpcMixin


@tagged("post_install", "-at_install")
class TestMerge(EcrmProfileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, mail_notify_force_send=False))
        cls.Merge = cls.env["ecrm.merge"]
        cls.Duplicate = cls.env["ecrm.partner.duplicate"]
        # Lan met again at a store and on the web shop
        cls._create_lan_store()
        cls.lan_web = cls.Partner.create(
            {
                "name": "Tran Lan",
                "email": "lan.web@example.vn",
                "mobile": "0912 468 013",
                "country_id": cls.vn.id,
                "customer_rank": 1,
            }
        )
        cls.order_lan = cls._order(cls.lan, qty=1, price=300000)
        cls.order_store = cls._order(cls.lan_store, qty=2, price=100000)
        cls.order_web = cls._order(cls.lan_web, qty=1, price=50000)
        cls.call = cls.Interaction.create(
            {"partner_id": cls.lan_store.id, "summary": "Khách đến cửa hàng"}
        )
        cls.lan_store.message_post(body="Khách quen của cửa hàng Quận 1")
        # consent: the store profile agreed to SMS, the web one withdrew
        cls.lan_store._ecrm_set_consent("sms", True, "store")
        cls.lan._ecrm_set_consent("email", True, "web")
        cls.lan_web._ecrm_set_consent("email", False, "web")
        cls.sources = cls.lan_store | cls.lan_web

    def _merge(self, survivor=None, sources=None, user=None):
        survivor = survivor or self.lan
        sources = sources if sources is not None else self.sources
        merge_id = self.Merge.with_user(user or self.manager).ecrm_merge_partners(
            survivor.id, sources.ids
        )
        return self.Merge.browse(merge_id)

    def test_merge_moves_everything_and_archives_the_profiles(self):
        merge = self._merge()
        self.assertEqual(merge.survivor_id, self.lan)
        self.assertEqual(merge.partner_ids, self.sources)
        self.assertEqual(merge.user_id, self.manager)
        self.assertEqual(merge.state, "done")
        self.assertTrue(merge.can_undo)
        # archived, not deleted, pointing to their merge
        self.assertTrue(self.sources.exists())
        self.assertEqual(self.sources.mapped("active"), [False, False])
        self.assertEqual(self.sources.ecrm_merge_id, merge)
        for order in self.order_lan | self.order_store | self.order_web:
            self.assertEqual(order.partner_id, self.lan)
        self.assertEqual(self.call.partner_id, self.lan)
        self.assertIn(
            "Khách quen của cửa hàng Quận 1",
            "".join(self.lan.message_ids.mapped("body")),
        )
        self.assertEqual(
            set(self.lan.ecrm_phone_ids.mapped("number_e164")),
            {"+84912468013", "+842838221111", "+84977111222"},
        )
        for number in ("0977 111 222", "028 3822 1111", "0912468013"):
            self.assertEqual(self.Partner._ecrm_find_by_contact(number), self.lan)
        # the most restrictive answer wins; a consent given elsewhere is kept
        self.assertFalse(self.lan.ecrm_consent_email)
        self.assertTrue(self.lan.ecrm_consent_email_date)
        self.assertTrue(self.lan.ecrm_consent_sms)
        self.assertEqual(self.lan.ecrm_consent_sms_source, "store")
        self.assertEqual(self.lan.ecrm_order_count, 3)
        self.assertEqual(self.lan.ecrm_revenue, 550000)
        # what moved where, by ids only
        lines = merge.line_ids
        order_line = lines.filtered(
            lambda line: line.table_name == "sale_order"
            and line.field_name == "partner_id"
            and line.kind == "move"
        )
        self.assertEqual(
            sorted(order_line.record_ids),
            sorted((self.order_store | self.order_web).ids),
        )
        # the mobile of the other profiles is Lan's own number: those rows stay
        kept = lines.filtered(
            lambda line: line.table_name == "ecrm_partner_phone" and line.kind == "keep"
        )
        self.assertEqual(set(kept.source_ids), set(self.sources.ids))

    def test_undo_restores_the_profiles_and_moves_back_what_moved(self):
        consent_date = self.lan.ecrm_consent_email_date
        lan_phones = self.lan.ecrm_phone_ids
        merge = self._merge()
        merge.with_user(self.manager).action_undo()
        self.assertEqual(merge.state, "undone")
        self.assertEqual(merge.undo_user_id, self.manager)
        self.assertEqual(self.sources.mapped("active"), [True, True])
        self.assertFalse(self.sources.ecrm_merge_id)
        self.assertEqual(self.order_store.partner_id, self.lan_store)
        self.assertEqual(self.order_web.partner_id, self.lan_web)
        self.assertEqual(self.order_lan.partner_id, self.lan)
        self.assertEqual(self.call.partner_id, self.lan_store)
        self.assertEqual(self.lan.ecrm_phone_ids, lan_phones)
        self.assertEqual(
            {(p.kind, p.number_e164) for p in self.lan_store.ecrm_phone_ids},
            {
                ("mobile", "+84912468013"),
                ("phone", "+842838221111"),
                ("extra", "+84977111222"),
            },
        )
        self.assertTrue(self.lan.ecrm_consent_email)
        self.assertEqual(self.lan.ecrm_consent_email_date, consent_date)
        self.assertFalse(self.lan.ecrm_consent_sms)
        self.assertTrue(self.lan_store.ecrm_consent_sms)
        self.assertEqual(self.lan.ecrm_order_count, 1)
        self.assertEqual(self.lan_store.ecrm_order_count, 1)
        with self.assertRaises(UserError):
            merge.with_user(self.manager).action_undo()

    def test_undo_refused_when_a_moved_record_was_deleted(self):
        merge = self._merge()
        self.call.unlink()
        with self.assertRaisesRegex(UserError, "deleted or given to another"):
            merge.with_user(self.manager).action_undo()
        self.assertEqual(merge.state, "done")
        self.assertEqual(self.order_store.partner_id, self.lan)
        self.assertFalse(self.lan_store.active)

    def test_undo_refused_after_the_period(self):
        self.env["ir.config_parameter"].set_param("ecrm_core.merge_undo_days", "7")
        merge = self._merge()
        merge.sudo().date = fields.Datetime.now() - timedelta(days=8)
        self.assertFalse(merge.can_undo)
        with self.assertRaisesRegex(UserError, "7 days"):
            merge.with_user(self.manager).action_undo()
        self.assertFalse(self.lan_store.active)

    def test_erasure_after_a_merge_erases_the_merged_profiles_too(self):
        merge = self._merge()
        self.lan.with_user(self.manager).action_ecrm_anonymise()
        self.assertEqual(merge.state, "erased")
        self.assertFalse(merge.line_ids)
        for partner in self.lan | self.sources:
            self.assertNotIn("Lan", partner.name)
            self.assertFalse(partner.email)
        with self.assertRaisesRegex(UserError, "erased"):
            merge.with_user(self.manager).action_undo()

    def test_export_lists_the_merges(self):
        self._merge()
        data = self.lan.with_user(self.manager)._ecrm_personal_data()
        self.assertEqual(len(data["merges"]), 1)
        self.assertIn("Lan Trần", data["merges"][0]["merged_profiles"])
        self.assertIn(("merges", "Merges"), self.lan._ecrm_personal_data_sheets())

    def test_refused_merges_change_nothing(self):
        with self.assertRaises(UserError):
            self._merge(sources=self.Partner)
        other_company = self.env["res.company"].create({"name": "Công ty Khác"})
        stranger = self.Partner.create(
            {"name": "Lan (công ty khác)", "company_id": other_company.id}
        )
        ours = self.Partner.create(
            {"name": "Lan (công ty chính)", "company_id": self.env.company.id}
        )
        with self.assertRaisesRegex(UserError, "different companies"):
            self.Merge._ecrm_merge_groups([(ours, stranger)])
        # a profile shared by every company may join one of a company
        merge = self.Merge._ecrm_merge_groups([(self.lan, stranger)])
        self.assertEqual(merge.company_id, other_company)
        merge._ecrm_undo()
        self.assertTrue(all(self.sources.mapped("active")))
        self.assertTrue(stranger.active)
        self.assertFalse(
            self.Merge.search(
                [("survivor_id", "=", self.lan.id), ("state", "=", "done")]
            )
        )

    def test_only_a_manager_merges_and_undoes(self):
        for user in (self.telesales, self.service):
            with self.assertRaises(AccessError):
                self._merge(user=user)
        self.assertTrue(all(self.sources.mapped("active")))
        merge = self._merge()
        with self.assertRaises(AccessError):
            merge.with_user(self.service).action_undo()
        self.assertEqual(merge.state, "done")

    def test_bulk_action_merges_the_selected_groups(self):
        self.Duplicate._ecrm_refresh()
        minh_again = self.Partner.create(
            {
                "name": "Minh Lê",
                "mobile": "098 765 4021",
                "country_id": self.vn.id,
                "customer_rank": 1,
            }
        )
        self.Duplicate._ecrm_refresh()
        pairs = self.Duplicate.search(
            [
                ("partner_id", "in", (self.lan | self.minh | self.sources).ids),
                ("reason", "=", "phone"),
            ]
        )
        self.assertEqual(
            set(pairs.mapped("duplicate_id").ids),
            {self.lan_store.id, self.lan_web.id, minh_again.id},
        )
        with self.assertRaises(AccessError):
            pairs.with_user(self.service).action_merge_groups()
        action = pairs.with_user(self.manager).action_merge_groups()
        merges = self.Merge.search(action["domain"])
        self.assertEqual(len(merges), 2)
        self.assertEqual(set(merges.survivor_id.ids), {self.lan.id, self.minh.id})
        self.assertEqual(
            merges.filtered(lambda m: m.survivor_id == self.lan).partner_ids,
            self.sources,
        )
        self.assertFalse(minh_again.active)
        self.assertEqual(set(pairs.mapped("state")), {"merged"})
        merges.filtered(lambda m: m.survivor_id == self.minh).with_user(
            self.manager
        ).action_undo()
        self.assertTrue(minh_again.active)
        self.assertEqual(
            self.Duplicate.search([("duplicate_id", "=", minh_again.id)]).state, "new"
        )

    def test_odoo_merge_wizard_goes_through_the_ecrm_merge(self):
        Wizard = self.env["base.partner.merge.automatic.wizard"]
        Wizard.with_user(self.manager)._merge((self.lan | self.lan_store).ids, self.lan)
        self.assertFalse(self.lan_store.active)
        self.assertEqual(self.lan_store.ecrm_merge_id.survivor_id, self.lan)
        self.assertEqual(self.order_store.partner_id, self.lan)
        salesman = new_test_user(
            self.env, "t_merge_sales", groups="sales_team.group_sale_salesman_all_leads"
        )
        with self.assertRaises(AccessError):
            Wizard.with_user(salesman)._merge((self.minh | self.lan_web).ids, self.minh)
        self.assertTrue(self.lan_web.active)


@tagged("post_install", "-at_install")
class TestMergeRoutes(PortalRpcMixin, HttpCase):
    """Merging and undoing through JSON-RPC: managers only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            "t_merge_mgr",
            password="t_merge_mgr_pw",
            groups="base.group_user,ecrm_core.group_ecrm_manager",
        )
        cls.sales = new_test_user(
            cls.env,
            "t_merge_sales_rpc",
            password="t_merge_sales_rpc_pw",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads,"
            "ecrm_core.group_ecrm_telesales",
        )
        cls.portal = new_test_user(
            cls.env,
            "t_merge_portal",
            password="t_merge_portal_pw",
            groups="base.group_portal",
        )
        cls.api_user, cls.api_key = new_api_user(cls.env, "t_merge_api")
        Partner = cls.env["res.partner"]
        cls.keep = Partner.create({"name": "Vũ Thị Mai", "phone": "0905 123 456"})
        cls.other = Partner.create({"name": "Mai Vũ", "phone": "0905123456"})
        cls.env["ecrm.partner.duplicate"]._ecrm_refresh((cls.keep | cls.other).ids)
        cls.pair = cls.env["ecrm.partner.duplicate"].search(
            [("partner_id", "=", cls.keep.id)]
        )

    def _refused_everywhere(self, login):
        self.authenticate(login, f"{login}_pw")
        self.assertCallRefused(
            "ecrm.merge", "ecrm_merge_partners", [self.keep.id, self.other.ids]
        )
        self.assertCallRefused(
            "ecrm.partner.duplicate", "action_merge_groups", [self.pair.ids]
        )
        self.assertCallRefused("ecrm.merge", "search_read", [[]], {"fields": ["id"]})

    def test_salesperson_portal_and_api_user_cannot_merge(self):
        self.assertTrue(self.pair)
        self._refused_everywhere("t_merge_sales_rpc")
        self._refused_everywhere("t_merge_portal")
        self.assertXmlrpcRefused(
            self.api_user,
            self.api_key,
            "ecrm.merge",
            "ecrm_merge_partners",
            self.keep.id,
            self.other.ids,
        )
        self.assertTrue(self.other.active)

    def test_manager_merges_and_undoes_through_call_kw(self):
        self.authenticate("t_merge_mgr", "t_merge_mgr_pw")
        merge_id, error = self.call_kw(
            "ecrm.merge", "ecrm_merge_partners", [self.keep.id, self.other.ids]
        )
        self.assertIsNone(error)
        self.assertFalse(self.other.active)
        # the salesperson cannot undo it either
        self.authenticate("t_merge_sales_rpc", "t_merge_sales_rpc_pw")
        self.assertCallRefused("ecrm.merge", "action_undo", [[merge_id]])
        self.assertFalse(self.other.active)
        self.authenticate("t_merge_mgr", "t_merge_mgr_pw")
        _result, error = self.call_kw("ecrm.merge", "action_undo", [[merge_id]])
        self.assertIsNone(error)
        self.assertTrue(self.other.active)
        answer = self.call_kw_answer(
            "ecrm.merge", "action_undo", [[merge_id]], {"context": {"lang": "en_US"}}
        )
        self.assertEqual(
            answer["error"]["data"]["name"],
            "odoo.exceptions.UserError",
            json.dumps(answer),
        )
