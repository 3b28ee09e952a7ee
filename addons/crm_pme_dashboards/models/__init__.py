from . import crm_pme_dashboard
from . import crm_pme_dashboard_customers
from . import crm_pme_dashboard_sales
from . import crm_pme_dashboard_aftersales
from . import crm_pme_dashboard_marketing
from . import crm_pme_dashboard_win_back
