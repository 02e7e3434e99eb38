from . import test_loyalty_tier
from . import test_loyalty_points
from . import test_loyalty_tier_change
