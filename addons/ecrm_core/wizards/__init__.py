from . import base_partner_merge_automatic_wizard
from . import ecrm_order_cancel_wizard
from . import ecrm_order_callback_wizard
from . import ecrm_consent_wizard
