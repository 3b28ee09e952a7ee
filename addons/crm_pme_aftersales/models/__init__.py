from . import crm_pme_intervention
from . import crm_pme_intervention_session
from . import crm_pme_intervention_line
from . import helpdesk_ticket
from . import helpdesk_ticket_team
from . import res_partner
from . import crm_pme_kb_article
from . import res_partner_delivery
