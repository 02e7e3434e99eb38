"""The data generator: one mixin per data kind, run in ``Generator.STEPS`` order."""

from .base import Generator as _Base
from .complaints import ComplaintsMixin
from .complaints_volume import ComplaintsVolumeMixin
from .copier import table_exists  # noqa: F401
from .customers import CustomersMixin
from .delivery import DeliveryMixin
from .history import HistoryMixin
from .demo import DemoMixin
from .demo_kpis import DemoKpisMixin
from .orders import OrdersMixin
from .products import ProductsMixin
from .recompute import RecomputeMixin


class Generator(
    ProductsMixin,
    CustomersMixin,
    OrdersMixin,
    HistoryMixin,
    DeliveryMixin,
    ComplaintsMixin,
    ComplaintsVolumeMixin,
    RecomputeMixin,
    DemoMixin,
    DemoKpisMixin,
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
    # `bench/generate --demo` (make run): today's work for every role on top of
    # the history, then the nightly analytics, then what reads its scores
    DEMO_STEPS = ("demo_day", "demo_kpis")
    AFTER_NIGHTLY_STEPS = ("demo_after_nightly",)
