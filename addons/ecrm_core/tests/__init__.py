from . import test_install
from . import test_tour
from . import test_identity
from . import test_figures
from . import test_interaction
from . import test_duplicates
from . import test_privacy
from . import test_profile_tour
