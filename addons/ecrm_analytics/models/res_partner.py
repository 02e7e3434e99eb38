# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

SCORE_GROUPS = "ecrm_core.group_ecrm_manager,ecrm_core.group_ecrm_marketing"

RFM_SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("potential_loyalist", "Potential loyalist"),
    ("new", "New"),
    ("promising", "Promising"),
    ("need_attention", "Needs attention"),
    ("about_to_sleep", "About to sleep"),
    ("at_risk", "At risk"),
    ("cannot_lose", "Cannot lose them"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]


class ResPartner(models.Model):
    """Scores per company (company-dependent): each company's nightly chain
    scores the orders placed with it and never overwrites another's.

    The scores the chain rewrites every night have no index (Odoo gives a
    company-dependent field one by default): an indexed column that changes
    makes PostgreSQL write a new entry in every index of ``res_partner`` (some
    fifty, trigram ones included) for each customer, while a change to columns
    outside every index may stay a heap-only update when the row's page has
    room. Nothing searched them through that index, which only says whether a
    value is set."""

    _inherit = "res.partner"

    ecrm_cluster_id = fields.Many2one(
        "ecrm.customer.cluster",
        "Behaviour Cluster",
        company_dependent=True,
        readonly=True,
        groups=SCORE_GROUPS,
    )
    ecrm_rfm_code = fields.Char(
        "RFM Code",
        company_dependent=True,
        index=False,
        readonly=True,
        groups=SCORE_GROUPS,
        help="Recency, frequency and monetary scores, 1 (lowest quintile) to 5.",
    )
    ecrm_rfm_segment = fields.Selection(
        RFM_SEGMENTS,
        "RFM Segment",
        company_dependent=True,
        index=False,
        readonly=True,
        groups=SCORE_GROUPS,
    )
    ecrm_recommendation_ids = fields.One2many(
        "ecrm.recommendation", "partner_id", "Recommended Products", readonly=True
    )
    ecrm_p_alive = fields.Float(
        "Probability Alive",
        digits=(16, 4),
        company_dependent=True,
        index=False,
        readonly=True,
        groups=SCORE_GROUPS,
        help="BG/NBD probability that the customer still buys from us.",
    )
    ecrm_expected_purchases = fields.Float(
        "Expected Purchases",
        digits=(16, 2),
        company_dependent=True,
        index=False,
        readonly=True,
        groups=SCORE_GROUPS,
        help="BG/NBD expected number of orders over the configured horizon.",
    )
    ecrm_clv = fields.Float(
        "Lifetime Value",
        company_dependent=True,
        index=False,
        readonly=True,
        groups=SCORE_GROUPS,
        help="Predicted, discounted value of the customer's orders over the horizon.",
    )
    ecrm_churn_risk = fields.Float(
        "Churn Risk",
        digits=(16, 4),
        company_dependent=True,
        index=False,
        readonly=True,
        groups=SCORE_GROUPS,
        help="Probability that the customer buys nothing in the next period.",
    )
    ecrm_churn_risk_previous = fields.Float(
        "Previous Churn Risk",
        digits=(16, 4),
        company_dependent=True,
        index=False,
        readonly=True,
        groups=SCORE_GROUPS,
    )
    ecrm_value_at_risk = fields.Float(
        "Value at Risk",
        company_dependent=True,
        index=False,
        readonly=True,
        groups=SCORE_GROUPS,
        help="Lifetime value times churn risk.",
    )
