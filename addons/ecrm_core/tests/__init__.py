from . import test_install
from . import test_tour
from . import test_telesales_queue
from . import test_api_orders
from . import test_webshop_checkout
from . import test_telesales_report
from . import test_telesales_tour
