from . import ecrm_loyalty_tier
