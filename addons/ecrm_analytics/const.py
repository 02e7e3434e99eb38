# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Names shared by the analytics models, their merge and privacy rules."""

# The scores of a customer, one value per company (company-dependent jsonb),
# readable by managers and marketing only: kept by a merge, exported with the
# customer's personal data.
SCORE_FIELDS = (
    "ecrm_rfm_code",
    "ecrm_rfm_segment",
    "ecrm_p_alive",
    "ecrm_expected_purchases",
    "ecrm_clv",
    "ecrm_churn_risk",
    "ecrm_churn_risk_previous",
    "ecrm_value_at_risk",
    "ecrm_cluster_id",
)
