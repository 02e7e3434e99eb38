# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSegmentTour(HttpCase):
    def test_marketer_builds_a_segment_and_sends_it_to_a_list(self):
        self.start_tour("/odoo", "ecrm_segment_to_list", login="marketing")
        segment = self.env["ecrm.segment"].search(
            [("name", "=", "Khách nữ mua trên web tour")]
        )
        self.assertEqual(segment.gender, "female")
        self.assertEqual(segment.mailing_list_id.name, segment.name)
        self.assertEqual(segment.mailing_list_id.ecrm_segment_id, segment)
        self.assertTrue(segment.last_run)
