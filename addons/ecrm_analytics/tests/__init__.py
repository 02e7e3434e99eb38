from . import test_analytics_run
