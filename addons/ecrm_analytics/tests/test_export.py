# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import zipfile

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestScoresExport(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env, "xlsx_mgr", groups="base.group_user,ecrm_core.group_ecrm_manager"
        )
        new_test_user(
            cls.env, "xlsx_tls", groups="base.group_user,ecrm_core.group_ecrm_telesales"
        )
        cls.env["res.partner"].create(
            {
                "name": "Trần Thị Xuất Khẩu",
                "ecrm_rfm_code": "545",
                "ecrm_rfm_segment": "champions",
                "ecrm_clv": 34000000,
                "ecrm_churn_risk": 0.12,
            }
        )

    def test_manager_downloads_the_scores_workbook(self):
        self.authenticate("xlsx_mgr", "xlsx_mgr")
        response = self.url_open("/ecrm/analytics/scores.xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        book = zipfile.ZipFile(io.BytesIO(response.content))
        text = "".join(
            book.read(name).decode()
            for name in book.namelist()
            if name.startswith("xl/") and name.endswith(".xml")
        )
        self.assertIn("Trần Thị Xuất Khẩu", text)
        self.assertIn("545", text)
        self.assertIn("Champions", text)
        self.assertIn("Pareto", text)
        self.assertIn("Cohorts", text)

    def test_telesales_cannot_download_scores(self):
        self.authenticate("xlsx_tls", "xlsx_tls")
        response = self.url_open("/ecrm/analytics/scores.xlsx")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(b"Xu\xe1\xba\xa5t", response.content)
