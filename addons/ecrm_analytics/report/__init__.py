from . import ecrm_rfm_transition
