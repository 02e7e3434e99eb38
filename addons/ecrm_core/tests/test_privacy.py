# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import json

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import EcrmProfileCase


@tagged("post_install", "-at_install")
class TestPrivacy(EcrmProfileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lan.write(
            {
                "street": "12 Hàng Bạc",
                "city": "Hà Nội",
                "ecrm_birthday": "1990-05-17",
                "ecrm_consent_email": True,
            }
        )
        cls.Phone.create(
            {"partner_id": cls.lan.id, "label": "Zalo", "number": "0977 555 666"}
        )
        cls.order = cls._order(cls.lan, qty=2, price=450000)
        cls.call = cls.Interaction.create(
            {
                "partner_id": cls.lan.id,
                "summary": "Khách hỏi về đổi size",
                "outcome": "OK",
            }
        )

    def _attachment(self, action):
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        return self.env["ir.attachment"].browse(attachment_id)

    def test_manager_exports_everything_as_json(self):
        action = self.lan.with_user(
            self.manager
        ).action_ecrm_export_personal_data_json()
        data = json.loads(self._attachment(action).raw)
        self.assertEqual(data["profile"]["name"], "Trần Thị Lan")
        self.assertEqual(data["profile"]["email"], "Lan.Tran@Example.vn")
        self.assertEqual(data["profile"]["ecrm_birthday"], "1990-05-17")
        self.assertEqual(
            {p["number_e164"] for p in data["phones"]}, {"+84912468013", "+84977555666"}
        )
        self.assertEqual([o["name"] for o in data["orders"]], [self.order.name])
        self.assertEqual(data["orders"][0]["amount_total"], self.order.amount_total)
        self.assertEqual(data["interactions"][0]["summary"], "Khách hỏi về đổi size")

    def test_manager_exports_as_xlsx(self):
        action = self.lan.with_user(
            self.manager
        ).action_ecrm_export_personal_data_xlsx()
        workbook = openpyxl.load_workbook(io.BytesIO(self._attachment(action).raw))
        # the sheets of ecrm_core first; the other addons add theirs after
        self.assertEqual(
            workbook.sheetnames[:5],
            ["Profile", "Phones", "Orders", "Interactions", "Messages"],
        )
        values = [row[1] for row in workbook["Profile"].iter_rows(values_only=True)]
        self.assertIn("Trần Thị Lan", values)
        orders = list(workbook["Orders"].iter_rows(values_only=True))
        self.assertEqual(orders[1][0], self.order.name)

    def test_anonymise_wipes_personal_data_and_keeps_totals(self):
        total = self.order.amount_total
        code = self.lan.ecrm_code
        self.lan.with_user(self.manager).action_ecrm_anonymise()
        self.assertEqual(self.lan.name, f"Khách hàng ẩn danh {code}")
        for fname in ("email", "phone", "mobile", "street", "city", "ecrm_birthday"):
            self.assertFalse(self.lan[fname], fname)
        self.assertFalse(self.lan.ecrm_phone_ids)
        self.assertFalse(self.lan.ecrm_consent_email)
        self.assertTrue(self.lan.ecrm_anonymised_date)
        self.assertNotIn("đổi size", self.call.summary)
        self.assertFalse(self.call.outcome)
        self.assertFalse(
            self.lan.message_ids.filtered(lambda m: "đổi size" in (m.body or ""))
        )
        self.assertEqual(self.order.partner_id, self.lan)
        self.assertEqual(self.order.amount_total, total)
        self.assertFalse(self.Partner._ecrm_find_by_contact("0912468013"))
        self.assertFalse(
            self.Partner._ecrm_find_by_contact(email="lan.tran@example.vn")
        )

    def test_telesales_cannot_anonymise_or_export(self):
        with self.assertRaises(AccessError):
            self.lan.with_user(self.telesales).action_ecrm_anonymise()
        with self.assertRaises(AccessError):
            self.lan.with_user(self.telesales).action_ecrm_export_personal_data_json()
        self.assertEqual(self.lan.name, "Trần Thị Lan")
        self.assertEqual(self.lan.phone, "0912 468 013")
