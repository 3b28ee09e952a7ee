from . import crm_pme_demo
