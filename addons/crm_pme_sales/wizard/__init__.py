from . import crm_pme_portfolio_transfer
from . import crm_pme_overdue_override
