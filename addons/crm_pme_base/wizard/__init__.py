from . import crm_pme_settings
