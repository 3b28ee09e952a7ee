from . import crm_pme_quote_report
from . import crm_pme_activity_report
