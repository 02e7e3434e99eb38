# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import EcrmProfileCase

# What the Customer 360 form reads besides the standard partner fields.
FORM_SPEC = {
    "display_name": {},
    "ecrm_code": {},
    "ecrm_first_order_date": {},
    "ecrm_last_order_date": {},
    "ecrm_days_since_last_order": {},
    "ecrm_order_count": {},
    "ecrm_cancelled_order_count": {},
    "ecrm_revenue": {},
    "ecrm_margin": {},
    "ecrm_average_basket": {},
    "ecrm_open_complaint_count": {},
    "ecrm_interaction_count": {},
    "ecrm_duplicate_count": {},
    "sale_order_count": {},
    "ecrm_currency_id": {"fields": {"display_name": {}}},
    "ecrm_phone_ids": {"fields": {"number": {}, "number_e164": {}, "kind": {}}},
    "ecrm_interaction_ids": {
        "fields": {"date": {}, "summary": {}, "channel": {}},
        "limit": 40,
    },
}


@tagged("post_install", "-at_install")
class TestProfileForm(EcrmProfileCase):
    def _count_form_queries(self, partner):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        partner.with_user(self.manager).web_read(FORM_SPEC)
        return self.env.cr.sql_log_count - before

    def test_form_reads_the_same_number_of_queries_whatever_the_orders(self):
        self._order(self.minh, price=50000)
        self.Interaction.create({"partner_id": self.minh.id, "summary": "Gọi"})
        for i in range(12):
            self._order(self.lan, qty=i + 1, price=80000)
            self.Interaction.create({"partner_id": self.lan.id, "summary": f"Gọi {i}"})
        self.env.flush_all()
        self._count_form_queries(self.minh)  # warm the registry caches
        few = self._count_form_queries(self.minh)
        many = self._count_form_queries(self.lan)
        self.assertEqual(few, many)
        self.assertEqual(self.lan.ecrm_order_count, 12)
