from . import batch
from .owned_flow import in_owned_flow, owned_flow
