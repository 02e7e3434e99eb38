"""Every measure, one module per subject; they run in the order imported here."""

# isort: off
from . import lookup  # noqa: F401
from . import identity  # noqa: F401
from . import telesales  # noqa: F401
from . import api  # noqa: F401
from . import api_batch  # noqa: F401
from . import nightly  # noqa: F401
from . import analytics  # noqa: F401
from . import analytics_steps  # noqa: F401
from . import complaints  # noqa: F401
from . import merge  # noqa: F401
from . import delivery  # noqa: F401
# isort: on
