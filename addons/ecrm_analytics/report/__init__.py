from . import ecrm_rfm_transition
from . import ecrm_pareto_report
from . import ecrm_cohort_report
from . import ecrm_clv_distribution
