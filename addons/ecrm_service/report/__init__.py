from . import ecrm_complaint_report
from . import ecrm_complaint_stat_report
from . import ecrm_supplier_scorecard
from . import ecrm_satisfaction_report
from . import ecrm_complaint_report_handler
