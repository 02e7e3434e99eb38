# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import EcrmProfileCase

# (network, old form, new form, E.164): one number of each rule kind
RENUMBERED = [
    ("Viettel", "0168 123 4567", "038 123 4567", "+84381234567"),
    ("MobiFone", "0121 765 4321", "079 765 4321", "+84797654321"),
    ("VinaPhone", "0124 555 0101", "084 555 0101", "+84845550101"),
    ("Vietnamobile", "0186 222 3344", "056 222 3344", "+84562223344"),
    ("Gmobile", "0199 333 4455", "059 333 4455", "+84593334455"),
    ("Hà Nội landline", "04 3825 1234", "024 3825 1234", "+842438251234"),
]


@tagged("post_install", "-at_install")
class TestPhoneRenumbering(EcrmProfileCase):
    def _customer(self, number, **vals):
        return self.Partner.create(
            {"name": "Khách cũ", "phone": number, "customer_rank": 1, **vals}
        )

    def _name_search(self, term):
        return [pid for pid, _name in self.Partner.name_search(term)]

    def test_old_number_finds_customer_saved_with_new_one(self):
        for network, old, new, _e164 in RENUMBERED:
            with self.subTest(network=network):
                customer = self._customer(new)
                for typed in (old, old.replace(" ", ""), "+84" + old[1:]):
                    self.assertEqual(self._name_search(typed), [customer.id], typed)
                    self.assertEqual(
                        self.Partner._ecrm_find_by_contact(typed), customer, typed
                    )
                    self.assertEqual(
                        self.Partner.search([("ecrm_contact_search", "ilike", typed)]),
                        customer,
                    )
                customer.unlink()

    def test_customer_saved_with_old_number_is_stored_in_new_form(self):
        for network, old, new, e164 in RENUMBERED:
            with self.subTest(network=network):
                customer = self._customer(old)
                self.assertEqual(customer.phone, self.Partner._ecrm_format_phone(new))
                self.assertEqual(customer.phone_sanitized, e164)
                row = customer.ecrm_phone_ids
                self.assertEqual(row.number_e164, e164)
                self.assertEqual(row.number_old_e164, "+84" + old[1:].replace(" ", ""))
                for typed in (new, e164, old):
                    self.assertEqual(self._name_search(typed), [customer.id], typed)
                customer.unlink()

    def test_old_and_new_number_entered_twice_is_one_duplicate_pair(self):
        first = self._customer("0168 123 4567", name="Nguyễn Văn Cũ")
        second = self._customer("+84 38 123 4567", name="Trần Thị Mới")
        self.env["ecrm.partner.duplicate"]._ecrm_refresh([first.id, second.id])
        pair = self.env["ecrm.partner.duplicate"].search(
            [("partner_id", "=", first.id), ("duplicate_id", "=", second.id)]
        )
        self.assertEqual(pair.reason, "renumbered")
        self.assertEqual(pair.partner_phone, pair.duplicate_phone)
        # the same number written twice in today's form is a plain phone pair
        third = self._customer("0381234567", name="Lê Hoàng Nay")
        self.env["ecrm.partner.duplicate"]._ecrm_refresh([second.id, third.id])
        pair = self.env["ecrm.partner.duplicate"].search(
            [("partner_id", "=", second.id), ("duplicate_id", "=", third.id)]
        )
        self.assertEqual(pair.reason, "phone")

    def test_extra_number_in_old_form_finds_the_customer(self):
        self.Phone.create(
            {"partner_id": self.minh.id, "label": "Zalo", "number": "0121 765 4321"}
        )
        row = self.minh.ecrm_phone_ids.filtered(lambda r: r.kind == "extra")
        self.assertEqual(row.number_e164, "+84797654321")
        self.assertEqual(row.number_old_e164, "+841217654321")
        self.assertEqual(self._name_search("079 765 4321"), [self.minh.id])
        self.assertEqual(self._name_search("+84 121 765 4321"), [self.minh.id])

    def test_numbers_that_never_existed_are_refused(self):
        # no network had 0100, an 11-digit number outside the renumbered
        # prefixes, an old mobile with a digit too many or too few
        for bad in ("0100 123 4567", "0911 123 4567", "0168 123 45678", "0168 123 456"):
            with self.subTest(bad=bad):
                with self.assertRaisesRegex(
                    ValidationError, "not a valid phone number"
                ):
                    self._customer(bad)
                self.assertFalse(self.Partner._ecrm_find_by_contact(bad))
                self.assertEqual(self._name_search(bad), [])

    def test_old_area_code_now_a_mobile_prefix_is_read_as_today(self):
        # Thanh Hóa's landline code 037 has been Viettel's since 2018
        customer = self._customer("037 3852 123")
        self.assertEqual(customer.phone_sanitized, "+84373852123")
        self.assertFalse(customer.ecrm_phone_ids.number_old_e164)
        # 08 9xxx xxxx: neither a mobile nor guessed to be an old Sài Gòn line
        with self.assertRaisesRegex(ValidationError, "not a valid phone number"):
            self._customer("08 9547 1628")

    def test_rules_are_data_with_effective_dates(self):
        rule = self.env.ref("ecrm_core.renumbering_mobile_168")
        self.assertEqual(str(rule.date_start), "2018-09-15")
        self.assertEqual(
            (rule.old_example, rule.new_example), ("0168 xxxxxxx", "038 xxxxxxx")
        )
        rules = self.env["ecrm.phone.renumbering"].search([])
        self.assertEqual(len(rules.filtered(lambda r: r.kind == "mobile")), 21)
        self.assertEqual(len(rules.filtered(lambda r: r.kind == "landline")), 59)
        # archived, the rule no longer reads old numbers
        rule.active = False
        self.assertFalse(self.Partner._ecrm_normalize_phone("0168 123 4567"))
        rule.active = True
        self.assertEqual(
            self.Partner._ecrm_normalize_phone("0168 123 4567"), "+84381234567"
        )
        # a renumbering that has not started yet changes nothing
        rule.date_start = "2999-01-01"
        self.assertFalse(self.Partner._ecrm_normalize_phone("0168 123 4567"))

    def test_only_managers_change_the_rules(self):
        rule = self.env.ref("ecrm_core.renumbering_landline_4")
        self.assertEqual(rule.with_user(self.telesales).new_prefix, "24")
        with self.assertRaises(AccessError):
            rule.with_user(self.telesales).write({"new_prefix": "25"})
        with self.assertRaises(AccessError):
            self.env["ecrm.phone.renumbering"].with_user(self.service).create(
                {
                    "name": "X",
                    "kind": "mobile",
                    "old_prefix": "100",
                    "new_prefix": "10",
                    "date_start": "2020-01-01",
                }
            )
        rule.with_user(self.manager).write({"name": "Thủ đô Hà Nội"})
        with self.assertRaisesRegex(ValidationError, "digits"):
            rule.with_user(self.manager).write({"old_prefix": "04"[1:] + "x"})

    def test_phones_are_shown_in_one_national_format(self):
        typed = {
            "+84840043177": "0840 043 177",
            "84-370-532-577": "0370 532 577",
            "(+84) 961 824 377": "0961 824 377",
            "0393442877": "0393 442 877",
            "0912.345.677": "0912 345 677",
            "+33 1 23 45 67 89": "+33 1 23 45 67 89",
        }
        for number, shown in typed.items():
            with self.subTest(number=number):
                customer = self._customer(number, mobile=number)
                self.assertEqual((customer.phone, customer.mobile), (shown, shown))
                # what was typed still finds the customer
                self.assertEqual(self._name_search(number), [customer.id])
                customer.unlink()
        self.lan.write({"phone": "+84912468013"})
        self.assertEqual(self.lan.phone, "0912 468 013")
        # part of a number, with other separators, still finds it
        found = self.Partner.search([("ecrm_phone_search", "ilike", "468-013")])
        self.assertIn(self.lan, found)
        # a foreign customer's own numbers are national in their country
        french = self._customer("01 23 45 67 89", country_id=self.env.ref("base.fr").id)
        self.assertEqual(french.phone, "01 23 45 67 89")
        self.assertEqual(french.phone_sanitized, "+33123456789")

    def test_form_shows_the_number_as_it_will_be_saved(self):
        form = Form(self.Partner.with_context(res_partner_search_mode="customer"))
        form.name = "Phạm Thu Trang"
        form.phone = "+84 912 999 001"
        self.assertEqual(form.phone, "0912 999 001")
        form.mobile = "01681234567"
        self.assertEqual(form.mobile, "0381 234 567")
        partner = form.save()
        self.assertEqual(partner.phone_sanitized, "+84381234567")

    def test_stored_old_numbers_are_rewritten_on_upgrade(self):
        customer = self._customer("0901 234 567")
        row = customer.ecrm_phone_ids
        self.env.flush_all()
        # as an older version stored them: typed, and the old form in the index
        self.env.cr.execute(
            "UPDATE res_partner SET phone = '01681234567', phone_sanitized = NULL "
            "WHERE id = %s",
            [customer.id],
        )
        self.env.cr.execute(
            "UPDATE ecrm_partner_phone SET number = '01681234567', "
            "number_e164 = '+841681234567', number_old_e164 = NULL WHERE id = %s",
            [row.id],
        )
        self.env.invalidate_all()
        rows, partners = self.Partner._ecrm_renumber_stored_phones(batch=2)
        self.assertGreaterEqual(rows, 1)
        self.assertGreaterEqual(partners, 1)
        self.assertEqual(customer.phone, "0381 234 567")
        self.assertEqual(customer.phone_sanitized, "+84381234567")
        self.assertEqual(row.number_e164, "+84381234567")
        self.assertEqual(row.number_old_e164, "+841681234567")
        self.assertEqual(row.number, "0381 234 567")
        self.assertEqual(self._name_search("0168 123 4567"), [customer.id])
