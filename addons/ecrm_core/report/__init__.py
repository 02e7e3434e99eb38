from . import ecrm_telesales_report
from . import ecrm_telesales_report_delivery
from . import ecrm_delivery_report
from . import ecrm_payment_report
