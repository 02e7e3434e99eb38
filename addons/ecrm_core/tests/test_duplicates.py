# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import EcrmProfileCase


@tagged("post_install", "-at_install")
class TestDuplicates(EcrmProfileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the same Lan, met again at a store, her number written another way
        cls._create_lan_store()
        cls.Duplicate = cls.env["ecrm.partner.duplicate"]

    def _pair(self):
        return self.Duplicate.search(
            [("partner_id", "=", self.lan.id), ("duplicate_id", "=", self.lan_store.id)]
        )

    def test_nightly_refresh_pairs_customers_sharing_a_number(self):
        self.Duplicate._cron_refresh()
        pair = self._pair()
        self.assertEqual(pair.reason, "phone")
        self.assertEqual(self.lan.ecrm_duplicate_count, 1)
        self.assertFalse(
            self.Duplicate.search(
                [
                    "|",
                    ("partner_id", "=", self.minh.id),
                    ("duplicate_id", "=", self.minh.id),
                ]
            )
        )
        action = self.lan.action_ecrm_view_duplicates()
        self.assertEqual(self.Duplicate.search(action["domain"]), pair)

    def test_same_email_in_other_case_is_a_duplicate(self):
        other = self.Partner.create(
            {"name": "Tran Lan", "email": " LAN.TRAN@example.vn", "customer_rank": 1}
        )
        self.Duplicate._ecrm_refresh(other.ids)
        pair = self.Duplicate.search([("duplicate_id", "=", other.id)])
        self.assertEqual(pair.partner_id, self.lan)
        self.assertEqual(pair.reason, "email")

    def test_similar_name_needs_the_same_birthday_or_street(self):
        hanoi, hcm = (
            self.env["res.country.state"].search(
                [("country_id", "=", self.vn.id), ("code", "=", code)], limit=1
            )
            for code in ("VN-HN", "VN-SG")
        )
        common = {"customer_rank": 1, "country_id": self.vn.id, "state_id": hanoi.id}
        first, typo, namesake, same_street, elsewhere = self.Partner.create(
            [
                dict(common, name="Nguyễn Thị Thu Hà", ecrm_birthday="1990-05-04"),
                # typed once more at a store without diacritics, same birthday
                dict(common, name="NGUYEN THI THU HA", ecrm_birthday="1990-05-04"),
                # the same common name, another birthday: another person
                dict(common, name="Nguyễn Thị Thu Hà", ecrm_birthday="1985-01-01"),
                # no birthday given, but the same street as the first
                dict(common, name="Nguyễn Thị Thu Hà", street=" 12 Phố Huế "),
                # same name and birthday, another province
                dict(
                    common,
                    name="Nguyễn Thị Thu Hà",
                    ecrm_birthday="1990-05-04",
                    state_id=hcm.id,
                ),
            ]
        )
        first.street = "12 phố Huế"
        self.Duplicate._ecrm_refresh()
        pairs = self.Duplicate.search(
            [("partner_id", "in", (first | typo | namesake | same_street).ids)]
        )
        found = {(p.partner_id, p.duplicate_id): p for p in pairs}
        self.assertEqual(set(found), {(first, typo), (first, same_street)})
        self.assertEqual(found[first, typo].reason, "name")
        self.assertGreaterEqual(found[first, typo].score, 0.8)
        self.assertFalse(
            self.Duplicate.search(
                [
                    "|",
                    ("partner_id", "in", (namesake | elsewhere).ids),
                    ("duplicate_id", "in", (namesake | elsewhere).ids),
                ]
            )
        )

    def test_dismissed_pair_stays_dismissed(self):
        self.Duplicate._ecrm_refresh()
        self._pair().action_dismiss()
        self.Duplicate._ecrm_refresh()
        self.assertEqual(self._pair().state, "dismissed")
        self.assertEqual(self.lan.ecrm_duplicate_count, 0)

    def test_merge_keeps_orders_phones_and_interactions(self):
        order_lan = self._order(self.lan, qty=1, price=300000)
        order_store = self._order(self.lan_store, qty=2, price=100000)
        call = self.Interaction.create(
            {"partner_id": self.lan_store.id, "summary": "Khách đến cửa hàng"}
        )
        # The store profile carries a consent: merging (a flow that owns the
        # consent) moves it to the survivor although nobody may write it.
        self.lan_store._ecrm_set_consent("sms", True, "store")
        self.Duplicate._ecrm_refresh()
        pair = self._pair()
        pair.with_user(self.manager).action_merge()
        # archived, not deleted: the merge can be undone
        self.assertFalse(self.lan_store.active)
        self.assertEqual(self.lan_store.ecrm_merge_id.survivor_id, self.lan)
        self.assertTrue(self.lan.ecrm_consent_sms)
        self.assertEqual(self.lan.ecrm_consent_sms_source, "store")
        self.assertEqual(order_store.partner_id, self.lan)
        self.assertEqual(order_lan.partner_id, self.lan)
        self.assertEqual(call.partner_id, self.lan)
        self.assertEqual(
            set(self.lan.ecrm_phone_ids.mapped("number_e164")),
            {"+84912468013", "+842838221111", "+84977111222"},
        )
        for number in ("0977 111 222", "028 3822 1111", "0912468013"):
            self.assertEqual(self.Partner._ecrm_find_by_contact(number), self.lan)
        self.assertEqual(self.lan.ecrm_order_count, 2)
        self.assertEqual(self.lan.ecrm_revenue, 500000)
        self.assertEqual(self._pair().state, "merged")

    def test_only_a_manager_merges(self):
        self.Duplicate._ecrm_refresh()
        with self.assertRaises(AccessError):
            self._pair().with_user(self.service).action_merge()
        self.assertTrue(self.lan_store.active)

    def test_standard_merge_wizard_keeps_numbers(self):
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((self.lan | self.lan_store).ids, self.lan, extra_checks=False)
        self.assertEqual(
            set(self.lan.ecrm_phone_ids.mapped("number_e164")),
            {"+84912468013", "+842838221111", "+84977111222"},
        )
