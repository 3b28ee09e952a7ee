"""Company profile rules: INSEE headcount bands, revenue bands, company category.

Pure functions on plain values (no database), tested in tests/test_tools.py.
"""

# INSEE "tranche d'effectifs salariés": code -> (lowest, highest) headcount.
HEADCOUNT_BANDS = {
    "NN": (0, 0),
    "00": (0, 0),
    "01": (1, 2),
    "02": (3, 5),
    "03": (6, 9),
    "11": (10, 19),
    "12": (20, 49),
    "21": (50, 99),
    "22": (100, 199),
    "31": (200, 249),
    "32": (250, 499),
    "41": (500, 999),
    "42": (1000, 1999),
    "51": (2000, 4999),
    "52": (5000, 9999),
    "53": (10000, None),
}

# Revenue bands (euros): code -> (lowest included, highest excluded).
REVENUE_BANDS = [
    ("lt_500k", 0, 500_000),
    ("500k_2m", 500_000, 2_000_000),
    ("2m_10m", 2_000_000, 10_000_000),
    ("10m_50m", 10_000_000, 50_000_000),
    ("50m_1500m", 50_000_000, 1_500_000_000),
    ("gt_1500m", 1_500_000_000, None),
]

MICRO_MAX_HEADCOUNT = 10
MICRO_MAX_REVENUE = 2_000_000
PME_MAX_HEADCOUNT = 250
PME_MAX_REVENUE = 50_000_000
ETI_MAX_HEADCOUNT = 5000
ETI_MAX_REVENUE = 1_500_000_000


def revenue_band(revenue):
    """Return the revenue band code of an annual revenue, or False if unknown."""
    if revenue is None or revenue is False or revenue <= 0:
        return False
    for code, low, high in REVENUE_BANDS:
        if revenue >= low and (high is None or revenue < high):
            return code
    return False


def company_category(headcount_band, revenue):
    """Company category of decree 2008-1354 from a headcount band and revenue.

    Returns "micro", "pme", "eti", "ge", or False when neither is known.
    Only turnover is known here (not the balance sheet), so the turnover
    thresholds decide. A missing value does not disqualify a category.
    """
    bounds = HEADCOUNT_BANDS.get(headcount_band or "")
    top = None
    if bounds:
        top = bounds[1] if bounds[1] is not None else float("inf")
    known_revenue = revenue if revenue and revenue > 0 else None
    if top is None and known_revenue is None:
        return False

    def fits(max_headcount, max_revenue):
        head_ok = top is None or top < max_headcount
        revenue_ok = known_revenue is None or known_revenue <= max_revenue
        return head_ok and revenue_ok

    if fits(MICRO_MAX_HEADCOUNT, MICRO_MAX_REVENUE):
        return "micro"
    if fits(PME_MAX_HEADCOUNT, PME_MAX_REVENUE):
        return "pme"
    if fits(ETI_MAX_HEADCOUNT, ETI_MAX_REVENUE):
        return "eti"
    return "ge"
