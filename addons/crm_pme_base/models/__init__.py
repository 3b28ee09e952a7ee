from . import crm_pme_naf
from . import crm_pme_sector
from . import crm_pme_sector_rule
from . import crm_pme_consent
from . import crm_pme_lifecycle_event
from . import crm_pme_duplicate
from . import res_company
from . import res_partner
