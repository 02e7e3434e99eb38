# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import EcrmProfileCase

FORMATS = ["0912 468 013", "+84 91 246 8013", "84912468013", "0912.468.013"]


@tagged("post_install", "-at_install")
class TestIdentity(EcrmProfileCase):
    def test_phone_and_mobile_are_indexed_in_e164(self):
        self.assertEqual(
            set(self.lan.ecrm_phone_ids.mapped("number_e164")), {"+84912468013"}
        )
        self.assertEqual(self.lan.ecrm_phone_ids.kind, "phone")
        self.assertEqual(self.minh.ecrm_phone_ids.number_e164, "+84987654021")
        self.lan.write({"mobile": "0987 000 111", "phone": False})
        self.assertEqual(
            self.lan.ecrm_phone_ids.mapped("number_e164"), ["+84987000111"]
        )

    def test_phone_in_other_format_finds_same_customer(self):
        for number in FORMATS:
            with self.subTest(number=number):
                self.assertEqual(self.Partner._ecrm_find_by_contact(number), self.lan)

    def test_extra_number_finds_the_customer(self):
        self.Phone.create(
            {"partner_id": self.minh.id, "label": "Zalo", "number": "0903-118-999"}
        )
        for number in ("+84903118999", "84 903 118 999", "0903118999"):
            self.assertEqual(self.Partner._ecrm_find_by_contact(number), self.minh)
        self.assertEqual(
            self.Partner.search(self.Partner._ecrm_phone_domain("+84903118999")),
            self.minh,
        )

    def test_email_in_any_case_finds_the_customer(self):
        found = self.Partner._ecrm_find_by_contact(email="  LAN.TRAN@example.VN ")
        self.assertEqual(found, self.lan)
        self.assertFalse(self.Partner._ecrm_find_by_contact(email="nobody@example.vn"))
        self.assertFalse(self.Partner._ecrm_find_by_contact("0999 999 999"))

    def test_name_search_finds_by_any_phone_or_email(self):
        for term in [*FORMATS, "lan.tran@EXAMPLE.vn"]:
            with self.subTest(term=term):
                ids = [pid for pid, _name in self.Partner.name_search(term)]
                self.assertEqual(ids, [self.lan.id])
        ids = [pid for pid, _name in self.Partner.name_search("+84 98 765 4021")]
        self.assertEqual(ids, [self.minh.id])
        # names still work the usual way
        ids = [pid for pid, _name in self.Partner.name_search("Trần Thị Lan")]
        self.assertIn(self.lan.id, ids)

    def test_search_box_finds_by_phone_and_code(self):
        found = self.Partner.search([("ecrm_contact_search", "ilike", "84912468013")])
        self.assertEqual(found, self.lan)
        found = self.Partner.search([("ecrm_phone_search", "ilike", "+84 91 246 8013")])
        self.assertEqual(found, self.lan)
        found = self.Partner.search(
            [("ecrm_contact_search", "ilike", self.lan.ecrm_code)]
        )
        self.assertEqual(found, self.lan)

    def test_phone_lookup_is_an_index_scan(self):
        query = self.Partner._search(self.Partner._ecrm_phone_domain("+84912468013"))
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        sql = query.select()
        self.env.cr.execute("EXPLAIN " + sql.code, sql.params)  # the plan, not the rows
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("ecrm_partner_phone__number_e164_index", plan)
        self.assertNotIn("Seq Scan on res_partner", plan)

    def test_impossible_phone_is_refused_naming_the_field(self):
        for bad in ("12", "abc-def-ghij"):
            with self.subTest(bad=bad):
                with self.assertRaisesRegex(ValidationError, "Phone"):
                    self.Partner.create({"name": "X", "phone": bad})
                with self.assertRaisesRegex(ValidationError, "Phone Number"):
                    self.Phone.create({"partner_id": self.lan.id, "number": bad})
        with self.assertRaisesRegex(ValidationError, "Mobile"), self.env.cr.savepoint():
            self.lan.write({"mobile": "12"})
        self.lan.invalidate_recordset()
        self.assertFalse(self.lan.mobile)

    def test_number_of_another_customer_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "another customer"):
            self.Phone.create({"partner_id": self.minh.id, "number": "+84912468013"})
        self.assertEqual(self.Partner._ecrm_find_by_contact("0912468013"), self.lan)

    @mute_logger("odoo.sql_db")
    def test_same_number_twice_on_one_customer_is_refused(self):
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.Phone.create({"partner_id": self.lan.id, "number": "84912468013"})

    def test_malformed_email_is_refused_naming_the_field(self):
        for bad in ("lan@", "not an email", "lan@@example.vn"):
            with (
                self.subTest(bad=bad),
                self.assertRaisesRegex(ValidationError, "Email"),
            ):
                self.Partner.create({"name": "X", "email": bad})

    def test_customer_gets_a_code_and_consent_is_dated(self):
        self.assertRegex(self.lan.ecrm_code, r"^KH\d{6}$")
        self.assertNotEqual(self.lan.ecrm_code, self.minh.ecrm_code)
        self.assertFalse(self.lan.ecrm_consent_sms_date)
        self.lan.write({"ecrm_consent_sms": True, "ecrm_consent_sms_source": "web"})
        self.assertTrue(self.lan.ecrm_consent_sms_date)
        supplier = self.Partner.create({"name": "Nhà cung cấp A"})
        self.assertFalse(supplier.ecrm_code)

    def test_customer_created_from_the_form(self):
        with Form(
            self.Partner.with_context(res_partner_search_mode="customer")
        ) as form:
            form.name = "Phạm Quốc Bảo"
            form.phone = "0933 222 111"
            form.country_id = self.vn
        partner = form.record
        self.assertTrue(partner.ecrm_code)
        self.assertEqual(self.Partner._ecrm_find_by_contact("+84933222111"), partner)

    def test_phone_row_of_the_phone_field_follows_the_field_only(self):
        row = self.lan.ecrm_phone_ids
        with self.assertRaises(UserError):
            row.unlink()
        with self.assertRaises(UserError):
            row.write({"number": "0977 000 000"})
        self.lan.phone = False
        self.assertFalse(self.lan.ecrm_phone_ids)
        self.assertFalse(self.Partner._ecrm_find_by_contact("0912 468 013"))

    def test_consent_is_not_dated_when_not_given(self):
        partner = self.Partner.create(
            {"name": "Đỗ Văn Tùng", "ecrm_consent_email": False, "customer_rank": 1}
        )
        self.assertFalse(partner.ecrm_consent_email_date)
        partner.ecrm_consent_email = True
        self.assertTrue(partner.ecrm_consent_email_date)

    def test_portal_and_public_lookups_work(self):
        public = self.env.ref("base.public_user")
        found = (
            self.Partner.with_user(public)
            .sudo(False)
            ._ecrm_phone_domain("+84912468013")
        )
        self.assertEqual(self.Partner.search(found), self.lan)

    def test_search_box_still_finds_by_name_and_partial_email(self):
        found = self.Partner.search([("ecrm_contact_search", "ilike", "Thị Lan")])
        self.assertIn(self.lan, found)
        found = self.Partner.search([("ecrm_contact_search", "ilike", "lan.tran@")])
        self.assertEqual(found, self.lan)

    def test_consent_domain_lists_only_customers_who_agreed(self):
        self.lan.ecrm_consent_sms = True
        agreed = self.Partner.search(
            [("id", "in", (self.lan | self.minh).ids)]
            + self.Partner._ecrm_consent_domain("sms")
        )
        self.assertEqual(agreed, self.lan)
