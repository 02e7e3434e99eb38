from . import ecrm_telesales_report
