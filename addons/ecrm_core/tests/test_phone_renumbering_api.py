# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .test_api_orders import StorefrontApiCommon
from .test_phone_renumbering import RENUMBERED


@tagged("post_install", "-at_install")
class TestPhoneRenumberingApi(StorefrontApiCommon):
    def _order_for(self, external_id, phone, **customer):
        payload = self._payload(external_id=external_id)
        payload["customer"].pop("email")
        payload["customer"].pop("country_code")
        payload["customer"].update(phone=phone, **customer)
        return self._post(payload)

    def test_order_with_old_number_goes_to_customer_saved_with_new_one(self):
        Partner = self.env["res.partner"]
        for i, (network, old, new, e164) in enumerate(RENUMBERED):
            with self.subTest(network=network):
                customer = Partner.create(
                    {"name": f"Khách {network}", "phone": new, "customer_rank": 1}
                )
                response = self._order_for(f"OLD-{i}", old)
                self.assertEqual(response.status_code, 201, response.text)
                self.assertEqual(response.json()["partner_id"], customer.id)
                self.assertEqual(
                    self._orders(f"OLD-{i}").partner_id.phone_sanitized, e164
                )

    def test_customer_created_with_old_number_is_found_by_new_one(self):
        for i, (network, old, new, e164) in enumerate(RENUMBERED):
            with self.subTest(network=network):
                first = self._order_for(f"FIRST-{i}", old)
                self.assertEqual(first.status_code, 201, first.text)
                partner = self.env["res.partner"].browse(first.json()["partner_id"])
                self.assertEqual(partner.phone_sanitized, e164)
                self.assertEqual(
                    partner.phone, self.env["res.partner"]._ecrm_format_phone(new)
                )
                self.assertEqual(
                    partner.ecrm_phone_ids.number_old_e164,
                    "+84" + old[1:].replace(" ", ""),
                )
                for j, typed in enumerate((new, e164)):
                    again = self._order_for(f"AGAIN-{i}-{j}", typed)
                    self.assertEqual(again.status_code, 201, again.text)
                    self.assertEqual(again.json()["partner_id"], partner.id)

    def test_never_valid_number_is_refused_naming_the_phone(self):
        response = self._order_for("BAD-1", "0100 123 4567")
        self.assertEqual(response.status_code, 400, response.text)
        error = response.json()["error"]
        self.assertEqual(error["field"], "customer.phone")
        self.assertIn("0100 123 4567", error["message"])
        self.assertFalse(self._orders("BAD-1"))

    def test_local_number_is_read_in_the_payload_country(self):
        # a database installed without demo data: the company is not in Vietnam
        self.env.company.partner_id.country_id = self.env.ref("base.us")
        self.env.flush_all()
        first = self._order_for("US-1", "0912 345 677", country_code="VN")
        self.assertEqual(first.status_code, 201, first.text)
        partner = self.env["res.partner"].browse(first.json()["partner_id"])
        self.assertEqual(partner.phone_sanitized, "+84912345677")
        self.assertEqual(partner.country_id, self.env.ref("base.vn"))
        self.assertEqual(partner.phone, "0912 345 677")
        second = self._order_for("US-2", "+84 91 234 5677")
        self.assertEqual(second.status_code, 201, second.text)
        self.assertEqual(second.json()["partner_id"], partner.id)
        # without a country, a local number is read in the company's country,
        # where it is not valid: refused, not guessed
        third = self._order_for("US-3", "0912 345 677")
        self.assertEqual(third.status_code, 400, third.text)
        self.assertEqual(third.json()["error"]["field"], "customer.phone")
        self.assertIn("United States", third.json()["error"]["message"])
        self.assertFalse(self._orders("US-3"))
        # an American number is the company's own
        fourth = self._order_for("US-4", "(202) 555-0147", name="John Smith")
        self.assertEqual(fourth.status_code, 201, fourth.text)
        american = self.env["res.partner"].browse(fourth.json()["partner_id"])
        self.assertEqual(american.phone_sanitized, "+12025550147")
        self.assertEqual(american.phone, "(202) 555-0147")
