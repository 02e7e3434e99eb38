from . import res_partner
from . import sale_order
from . import ecrm_cancel_reason
from . import ecrm_channel_responsible
from . import res_config_settings
