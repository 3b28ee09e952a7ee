"""Customer lifecycle from the date of the last posted customer invoice.

The daily cron computes the same rule in one SQL statement
(``res.partner._crm_pme_lifecycle_sql``); this function is the reference the
tests hold the SQL to.
"""

from dateutil.relativedelta import relativedelta

PROSPECT = "prospect"
ACTIVE = "active"
AT_RISK = "at_risk"
LOST = "lost"


def lifecycle_state(last_invoice_date, today, active_months=12, lost_months=18):
    """Return the lifecycle state of a company.

    - prospect: never invoiced;
    - active: last invoice within ``active_months`` months (inclusive);
    - at risk: last invoice between ``active_months`` and ``lost_months`` ago;
    - lost: no invoice for ``lost_months`` months or more.
    """
    if active_months <= 0 or lost_months <= active_months:
        raise ValueError("need 0 < active_months < lost_months")
    if not last_invoice_date:
        return PROSPECT
    if last_invoice_date >= today - relativedelta(months=active_months):
        return ACTIVE
    if last_invoice_date > today - relativedelta(months=lost_months):
        return AT_RISK
    return LOST
