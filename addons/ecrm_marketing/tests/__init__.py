from . import test_loyalty_tier
from . import test_loyalty_points
from . import test_loyalty_tier_change
from . import test_segment
from . import test_segment_mailing_list
from . import test_campaign_roi
