from . import test_loyalty_tier
