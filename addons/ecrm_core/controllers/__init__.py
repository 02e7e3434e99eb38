from . import api_base
from . import api_orders
from . import api_delivery
