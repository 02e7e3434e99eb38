"""Every measure, one module per subject; they run in the order imported here."""

# isort: off
from . import lookup  # noqa: F401
from . import telesales  # noqa: F401
from . import api  # noqa: F401
from . import nightly  # noqa: F401
from . import complaints  # noqa: F401
# isort: on
