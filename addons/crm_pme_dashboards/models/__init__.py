from . import crm_pme_dashboard
