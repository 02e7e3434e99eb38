from . import test_analytics_run
from . import test_rfm
from . import test_clv
from . import test_churn
from . import test_clusters
from . import test_recommendations
from . import test_alerts
