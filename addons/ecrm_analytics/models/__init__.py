from . import ecrm_analytics_run
from . import ecrm_analytics
from . import res_partner
from . import ecrm_rfm_snapshot
from . import ecrm_clv_model
from . import ecrm_analytics_rfm
from . import ecrm_analytics_clv
from . import ecrm_customer_cluster
