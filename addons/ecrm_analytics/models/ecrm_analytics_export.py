# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

import xlsxwriter

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .res_partner import SCORE_GROUPS

EXPORT_CHUNK = 5000


class EcrmAnalytics(models.AbstractModel):
    _inherit = "ecrm.analytics"

    @api.model
    def _check_score_access(self):
        if not any(self.env.user.has_group(g) for g in SCORE_GROUPS.split(",")):
            raise AccessError(
                self.env._("Only eCRM managers and marketing read customer scores.")
            )

    @api.model
    def _scores_xlsx(self):
        """Workbook of every scored customer, written while rows are fetched in
        chunks (customers never enter the ORM)."""
        self._check_score_access()
        _ = self.env._
        segments = dict(
            self.env["res.partner"]
            ._fields["ecrm_rfm_segment"]
            ._description_selection(self.env)
        )
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
        sheet = book.add_worksheet(_("Customer scores"))
        bold = book.add_format({"bold": True})
        money = book.add_format({"num_format": "#,##0"})
        ratio = book.add_format({"num_format": "0.0%"})
        headers = [
            (_("Customer"), 32, None),
            (_("Phone"), 16, None),
            (_("RFM Code"), 10, None),
            (_("RFM Segment"), 20, None),
            (_("Cluster"), 36, None),
            (_("Probability Alive"), 12, ratio),
            (_("Expected Purchases"), 12, None),
            (_("Lifetime Value"), 16, money),
            (_("Churn Risk"), 12, ratio),
            (_("Value at Risk"), 16, money),
        ]
        for col, (title, width, fmt) in enumerate(headers):
            sheet.set_column(col, col, width, fmt)
            sheet.write(0, col, title, bold)
        lang = self.env.lang or "en_US"
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT p.name, p.phone, %(rfm_code)s, %(rfm_segment)s,
                       COALESCE(c.name->>%(lang)s, c.name->>'en_US'),
                       %(p_alive)s, %(expected)s, %(clv)s, %(risk)s, %(at_risk)s
                  FROM res_partner p
                  LEFT JOIN ecrm_customer_cluster c ON c.id = %(cluster)s
                 WHERE p.active
                   AND (%(rfm_code)s IS NOT NULL OR %(clv)s IS NOT NULL)
                   AND (p.company_id IS NULL OR p.company_id IN %(companies)s)
                   AND %(allowed)s
                 ORDER BY %(at_risk)s DESC NULLS LAST, p.id
                """,
                # the scores of the current company (company-dependent)
                rfm_code=self._score_sql("ecrm_rfm_code", "text"),
                rfm_segment=self._score_sql("ecrm_rfm_segment", "text"),
                p_alive=self._score_sql("ecrm_p_alive", "float8"),
                expected=self._score_sql("ecrm_expected_purchases", "float8"),
                clv=self._score_sql("ecrm_clv", "numeric"),
                risk=self._score_sql("ecrm_churn_risk", "float8"),
                at_risk=self._score_sql("ecrm_value_at_risk", "numeric"),
                cluster=self._score_sql("ecrm_cluster_id", "int"),
                lang=lang,
                companies=tuple(self.env.companies.ids),
                # no one who withdrew consent, restricted or objected to
                # processing, or was forgotten (Law 91/2025/QH15)
                allowed=self.env["res.partner"]._ecrm_privacy_allowed_sql("p"),
            )
        )
        row = 1
        while rows := cr.fetchmany(EXPORT_CHUNK):
            for values in rows:
                values = list(values)
                values[3] = segments.get(values[3], "")
                for col, value in enumerate(values):
                    if value is not None and value is not False:
                        sheet.write(row, col, value)
                row += 1
        self._xlsx_report_sheets(book, bold, money)
        book.close()
        return buffer.getvalue()

    @api.model
    def _xlsx_report_sheets(self, book, bold, money):
        """The Pareto and cohort reports (one row per month: small) as sheets."""
        _ = self.env._
        sheets = [
            (
                _("Pareto"),
                "ecrm.pareto.report",
                ["month", "customers", "revenue", "top_revenue", "top_share"],
            ),
            (
                _("Cohorts"),
                "ecrm.cohort.report",
                [
                    "cohort_month",
                    "months_since",
                    "cohort_size",
                    "customers",
                    "retention",
                ],
            ),
        ]
        for title, model, names in sheets:
            Report = self.env[model]
            sheet = book.add_worksheet(title)
            for col, name in enumerate(names):
                sheet.set_column(
                    col, col, 18, money if name.endswith("revenue") else None
                )
                sheet.write(
                    0,
                    col,
                    Report._fields[name].get_description(self.env)["string"],
                    bold,
                )
            for row, values in enumerate(Report.search_read([], names), start=1):
                for col, name in enumerate(names):
                    value = values[name]
                    sheet.write(
                        row, col, str(value) if name.endswith("month") else value
                    )
