from . import crm_pme_portfolio_transfer
