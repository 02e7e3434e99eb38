"""The data generator: one mixin per data kind, run in ``Generator.STEPS`` order."""

from .base import Generator as _Base
from .complaints import ComplaintsMixin
from .complaints_volume import ComplaintsVolumeMixin
from .copier import table_exists  # noqa: F401
from .customers import CustomersMixin
from .delivery import DeliveryMixin
from .orders import OrdersMixin
from .products import ProductsMixin
from .recompute import RecomputeMixin


class Generator(
    ProductsMixin,
    CustomersMixin,
    OrdersMixin,
    DeliveryMixin,
    ComplaintsMixin,
    ComplaintsVolumeMixin,
    RecomputeMixin,
    _Base,
):
    # each step is a method of a mixin; a new data kind adds its mixin and a step
    STEPS = (
        "products",
        "customers",
        "orders",
        "delivery",
        "complaints_and_interactions",
        "complaints_volume",
        "recompute",
    )
