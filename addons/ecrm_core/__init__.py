from . import models
from . import tools
from . import wizards
from . import controllers
from . import report
