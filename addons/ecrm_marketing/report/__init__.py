from . import ecrm_channel_report
