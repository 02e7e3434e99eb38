from . import batch
from .owned_flow import in_owned_flow, owned_flow
from .sql import without_jit
from . import wake
