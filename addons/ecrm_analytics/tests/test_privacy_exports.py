# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import json
from datetime import timedelta

import openpyxl

from odoo import fields
from odoo.tests import tagged

from odoo.addons.ecrm_core.tests.common import EcrmManagerCase


@tagged("post_install", "-at_install")
class TestPrivacyExports(EcrmManagerCase):
    """The scores workbook, segments and the dashboard follow the register of
    personal data requests."""

    manager_login = "dsr_an_mgr"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        scores = {
            "ecrm_rfm_code": "545",
            "ecrm_rfm_segment": "champions",
            "ecrm_clv": 34000000,
            "ecrm_origin_channel": "marketplace",
        }
        cls.kept = Partner.create({**scores, "name": "Khách Giữ Lại"})
        cls.withdrawn = Partner.create(
            {
                **scores,
                "name": "Khách Rút Đồng Ý",
                "email": "rut.dongy@example.vn",
                "ecrm_consent_email": True,
            }
        )
        cls.restricted = Partner.create({**scores, "name": "Khách Hạn Chế"})
        cls.forgotten = Partner.create({**scores, "name": "Khách Bị Quên"})
        for partner, request_type in (
            (cls.withdrawn, "consent_withdrawal"),
            (cls.restricted, "restriction"),
            (cls.forgotten, "erasure"),
        ):
            cls._request(partner, request_type).action_carry_out()

    @classmethod
    def _request(cls, partner, request_type, received=None):
        return (
            cls.env["ecrm.privacy.request"]
            .with_user(cls.manager)
            .create(
                {
                    "partner_id": partner.id,
                    "request_type": request_type,
                    "received_date": received or fields.Datetime.now(),
                }
            )
        )

    def test_scores_workbook_leaves_out_withdrawn_restricted_and_forgotten(self):
        data = self.env["ecrm.analytics"].with_user(self.manager)._scores_xlsx()
        sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
        names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertIn("Khách Giữ Lại", names)
        self.assertNotIn("Khách Rút Đồng Ý", names)
        self.assertNotIn("Khách Hạn Chế", names)
        self.assertFalse({n for n in names if n and "Bị Quên" in n})
        self.assertNotIn(self.forgotten.name, names)

    def test_segment_members_leave_out_the_excluded(self):
        segment = self.env["ecrm.segment"].create(
            {"name": "Champions sàn", "origin_channel": "marketplace"}
        )
        segment.action_recompute()
        members = segment.member_ids
        self.assertIn(self.kept, members)
        self.assertFalse(members & (self.withdrawn | self.restricted | self.forgotten))
        # what a marketer exports from the members list
        action = segment.action_view_members()
        exported = self.env["res.partner"].search(action["domain"])
        self.assertFalse(exported & (self.withdrawn | self.restricted | self.forgotten))

    def test_dashboard_counts_overdue_requests_for_the_manager(self):
        self._request(self.kept, "access", fields.Datetime.now() - timedelta(days=40))
        self._request(self.kept, "correction")
        dashboard = self.env.ref("ecrm_analytics.spreadsheet_dashboard_ecrm_customers")
        pivot = next(
            p
            for p in json.loads(dashboard.spreadsheet_data)["pivots"].values()
            if p["model"] == "ecrm.privacy.request"
        )
        groups = (
            self.env["ecrm.privacy.request"]
            .with_user(self.manager)
            .read_group(pivot["domain"], ["__count"], ["request_type"], lazy=False)
        )
        counts = {g["request_type"]: g["__count"] for g in groups}
        self.assertEqual(counts.get("access"), 1)
        self.assertNotIn("correction", counts)
