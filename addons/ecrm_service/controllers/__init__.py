from . import portal
from . import complaint_form
from . import api_complaints
from . import portal_scorecard
from . import home
