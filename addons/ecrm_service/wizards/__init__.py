from . import ecrm_ticket_transfer_wizard
