from . import portal
from . import complaint_form
from . import api_complaints
from . import home
