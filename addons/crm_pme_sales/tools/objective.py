"""Sales objective arithmetic on plain values.

The objective model gathers the figures (one query per measure for a whole
batch of objectives) and calls these functions; the tests hold them to values
computed by hand.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
PERIOD_MONTHS = {MONTH: 1, QUARTER: 3, YEAR: 12}


def period_start(period_type, day):
    """First day of the month, quarter or year that holds ``day``."""
    if period_type == MONTH:
        return date(day.year, day.month, 1)
    if period_type == QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if period_type == YEAR:
        return date(day.year, 1, 1)
    raise ValueError(f"unknown period type {period_type!r}")


def period_range(period_type, day):
    """(first day, last day) of the period of ``period_type`` holding ``day``."""
    start = period_start(period_type, day)
    end = start + relativedelta(months=PERIOD_MONTHS[period_type]) - timedelta(days=1)
    return start, end


def next_period(period_type, date_from, date_to=None):
    """(first day, last day) of the period that follows the one starting at
    ``date_from``. A custom range (``date_to`` given and not the end of a
    ``period_type`` period) is shifted by its own length in months."""
    start = period_start(period_type, date_from)
    months = PERIOD_MONTHS[period_type]
    if date_to is not None and (start, date_to) != period_range(period_type, start):
        length = date_to - date_from
        new_from = date_from + relativedelta(months=months)
        return new_from, new_from + length
    return period_range(period_type, start + relativedelta(months=months))


def attainment(actual, target):
    """Attainment in percent (100.0 = target reached); 0 without a target."""
    if not target or target <= 0:
        return 0.0
    return round(100.0 * (actual or 0.0) / target, 2)


def weighted_pipeline(opportunities):
    """Expected revenue of open opportunities weighted by their probability:
    ``opportunities`` is an iterable of (expected revenue, probability %)."""
    return sum(
        (revenue or 0.0) * max(0.0, min(probability or 0.0, 100.0)) / 100.0
        for revenue, probability in opportunities
    )


def forecast(actual, pipeline):
    """Forecast = what is done plus what the open pipeline should bring."""
    return (actual or 0.0) + (pipeline or 0.0)
