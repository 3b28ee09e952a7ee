from . import crm_pme_settings
from . import crm_pme_import_check
from . import crm_pme_import_check_line
