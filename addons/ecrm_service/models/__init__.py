from . import ecrm_supplier_agreement
from . import helpdesk_ticket_category
from . import helpdesk_ticket_channel
from . import ecrm_ticket_transfer
from . import helpdesk_ticket
from . import helpdesk_ticket_team
from . import res_partner
from . import helpdesk_ticket_api
