# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import AnalyticsCase


@tagged("post_install", "-at_install")
class TestTranslatableLabels(AnalyticsCase):
    def test_every_nightly_step_has_a_readable_label(self):
        labels = dict(
            self.env["ecrm.analytics.run"]
            ._fields["name"]
            ._description_selection(self.env)
        )
        for code, _method in self.analytics._nightly_steps():
            self.assertIn(code, labels)
            self.assertNotEqual(labels[code], code)
        self.assertEqual(labels["rfm"], "RFM scores")

    def test_run_log_shows_the_step_label(self):
        customers = self._customers(3)
        self._orders(
            [(p, self._days_ago(5 + i), 200000) for i, p in enumerate(customers)]
        )
        runs = self.analytics.run_nightly()
        rfm = runs.filtered(lambda r: r.name == "rfm")
        self.assertEqual(rfm.with_user(self.manager).display_name, "RFM scores")

    def test_lifetime_value_bands_are_labelled_in_millions(self):
        customers = self._customers(2)
        # Valued customers are customers of the company (the bands are per
        # company of purchase).
        self._orders([(p, self._days_ago(10), 200000) for p in customers])
        customers[0].ecrm_clv = 7000000
        customers[1].ecrm_clv = 150000000
        self.env.flush_all()
        bands = self.env["ecrm.clv.distribution"].search([])
        names = set(bands.mapped("name"))
        self.assertIn("5–10M", names)
        self.assertIn("≥ 100M", names)
