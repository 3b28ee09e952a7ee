from . import crm_pme_settings
from . import crm_pme_call_outcome
from . import crm_pme_call_list
