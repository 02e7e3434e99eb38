# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from odoo.tests import tagged

from .common import AnalyticsCase, create_tickets_dated


@tagged("post_install", "-at_install")
class TestSupplierComplaintSpike(AnalyticsCase):
    """Complaints per supplier and week: the last complete week against the
    eight before it (AS_OF is a Monday)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.spiking = Partner.create(
            {"name": "Công ty TNHH May mặc Sài Gòn", "is_company": True}
        )
        cls.noisy = Partner.create(
            {"name": "Công ty CP Điện gia dụng Hà Nội", "is_company": True}
        )
        cls.customer = cls._customers(1, "Khách khiếu nại")
        cls.last_week = datetime.combine(cls.AS_OF - timedelta(days=7), time(10))

    def _plant(self, supplier, weekly_counts):
        """``weekly_counts[0]`` complaints last week, then one count per earlier
        week; create_date is set by the ORM, so the history goes in by SQL."""
        dates = [
            self.last_week - timedelta(days=7 * week) + timedelta(hours=3 * i)
            for week, count in enumerate(weekly_counts)
            for i in range(count)
        ]
        return create_tickets_dated(
            self.env,
            dates,
            f"Khiếu nại {supplier.name}",
            description="Sản phẩm lỗi",
            partner_id=self.customer.id,
            supplier_id=supplier.id,
            company_id=self.company.id,
        )

    def _spikes(self):
        return self.env["ecrm.alert"].search(
            [
                ("company_id", "=", self.company.id),
                ("alert_type", "=", "supplier_complaint_spike"),
            ]
        )

    def test_planted_supplier_spike_fires_once_and_noise_does_not(self):
        self._plant(self.spiking, [9, 1, 2, 1, 0, 2, 1, 1, 2])
        self._plant(self.noisy, [6, 4, 6, 5, 3, 5, 6, 4, 5])
        self.analytics.run_nightly()
        alert = self._spikes()
        self.assertEqual(alert.supplier_id, self.spiking)
        self.assertEqual(alert.severity, "high")
        self.assertIn("Công ty TNHH May mặc Sài Gòn", alert.name)
        self.assertIn("9 complaints", alert.name)
        self.assertIn(self.manager, alert.activity_ids.user_id)
        # The spike goes on the next night: still one alert.
        self.analytics.run_nightly()
        self.assertEqual(self._spikes(), alert)
        # Tickets without a category raise no category spike.
        self.assertFalse(
            self.env["ecrm.alert"].search_count(
                [
                    ("company_id", "=", self.company.id),
                    ("alert_type", "=", "complaint_spike"),
                ]
            )
        )

    def test_few_complaints_are_no_spike_even_after_a_quiet_history(self):
        self._plant(self.spiking, [3, 0, 0, 1, 0, 0, 0, 1, 0])
        self.analytics.run_nightly()
        self.assertFalse(self._spikes())

    def test_spike_of_a_supplier_contact_counts_for_its_company(self):
        contact = self.env["res.partner"].create(
            {"name": "Chị Lan (kinh doanh)", "parent_id": self.spiking.id}
        )
        self._plant(self.spiking, [0, 1, 2, 1, 0, 2, 1, 1, 2])
        self._plant(contact, [9])
        self.analytics.run_nightly()
        self.assertEqual(self._spikes().supplier_id, self.spiking)
