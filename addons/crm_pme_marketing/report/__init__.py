from . import crm_pme_geo_report
