# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError
from odoo.http import content_disposition, request


class EcrmAnalyticsController(http.Controller):
    @http.route(
        "/ecrm/analytics/scores.xlsx", type="http", auth="user", methods=["GET"]
    )
    def scores_xlsx(self):
        try:
            data = request.env["ecrm.analytics"]._scores_xlsx()
        except AccessError:
            return request.not_found()
        return request.make_response(
            data,
            headers=[
                (
                    "Content-Type",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                (
                    "Content-Disposition",
                    content_disposition("ecrm_customer_scores.xlsx"),
                ),
            ],
        )
