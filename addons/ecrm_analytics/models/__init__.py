from . import ecrm_analytics_run
from . import ecrm_analytics
