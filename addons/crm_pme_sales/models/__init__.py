from . import res_company
from . import res_config_settings
from . import res_partner
from . import crm_lead
from . import sale_order
from . import crm_pme_objective
