# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.ecrm_marketing.models.ecrm_segment import CRITERIA_FIELDS

from .res_partner import RFM_SEGMENTS


class EcrmSegment(models.Model):
    """Score-based criteria for marketing's segments (RFM, CLV, churn, cluster)."""

    _inherit = "ecrm.segment"

    rfm_segment = fields.Selection(
        RFM_SEGMENTS, "RFM Segment", help="Customers in this RFM segment only."
    )
    clv_min = fields.Float(
        "Lifetime Value From", help="Predicted lifetime value, company currency."
    )
    churn_risk_min = fields.Float(
        "Churn Risk From", help="Between 0 and 1, e.g. 0.6 for a 60 % risk."
    )
    churn_risk_max = fields.Float("Churn Risk To", help="0: no upper limit.")
    cluster_ids = fields.Many2many(
        "ecrm.customer.cluster",
        "ecrm_segment_cluster_rel",
        "segment_id",
        "cluster_id",
        string="Behaviour Clusters",
    )

    @api.constrains("churn_risk_min", "churn_risk_max")
    def _check_churn_range(self):
        for segment in self:
            for value in (segment.churn_risk_min, segment.churn_risk_max):
                if not 0 <= value <= 1:
                    raise ValidationError(
                        _("Churn risk: the bounds are between 0 and 1 (e.g. 0.6).")
                    )

    @api.depends(
        *CRITERIA_FIELDS,
        "rfm_segment",
        "clv_min",
        "churn_risk_min",
        "churn_risk_max",
        "cluster_ids",
    )
    def _compute_preview(self):
        return super()._compute_preview()

    def _ecrm_member_where(self):
        where = super()._ecrm_member_where()
        # The scores of the segment's company (company-dependent columns).
        analytics = self.env["ecrm.analytics"]

        def score(fname, sql_type):
            return analytics._score_sql(fname, sql_type, company=self.company_id)

        if self.rfm_segment:
            rfm_segment = score("ecrm_rfm_segment", "text")
            where.append(SQL("%s = %s", rfm_segment, self.rfm_segment))
        if self.clv_min:
            where.append(SQL("%s >= %s", score("ecrm_clv", "numeric"), self.clv_min))
        churn_risk = score("ecrm_churn_risk", "float8")
        if self.churn_risk_min:
            where.append(SQL("%s >= %s", churn_risk, self.churn_risk_min))
        if self.churn_risk_max:
            where.append(SQL("%s <= %s", churn_risk, self.churn_risk_max))
        if self.cluster_ids:
            cluster = score("ecrm_cluster_id", "int")
            where.append(SQL("%s = ANY(%s)", cluster, self.cluster_ids.ids))
        return where
