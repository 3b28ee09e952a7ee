"""Periods of the dashboard and ageing of receivables: plain rules on dates,
tested without a database."""

import calendar
from datetime import date, timedelta

PERIODS = ("month", "quarter", "year", "last_12_months", "custom")
# Days past the due date: (label key, first day, last day or None).
AGEING_BUCKETS = (
    ("0_30", 0, 30),
    ("31_60", 31, 60),
    ("61_90", 61, 90),
    ("over_90", 91, None),
)


def add_months(day, months):
    """``day`` moved by ``months`` months, kept inside the target month
    (31 January + 1 month = 28 or 29 February)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def period_range(period, today, date_from=None, date_to=None):
    """(first day, last day) of ``period`` around ``today``, both included.

    ``month``, ``quarter`` and ``year`` are the calendar ones containing
    ``today``, up to ``today``; ``last_12_months`` the twelve months ending
    today; ``custom`` the given dates, which must be in order."""
    if period == "month":
        return today.replace(day=1), today
    if period == "quarter":
        first_month = 3 * ((today.month - 1) // 3) + 1
        return date(today.year, first_month, 1), today
    if period == "year":
        return date(today.year, 1, 1), today
    if period == "last_12_months":
        return add_months(today, -12) + timedelta(days=1), today
    if period == "custom":
        if not date_from or not date_to:
            raise ValueError("a custom period needs a start and an end")
        if date_to < date_from:
            raise ValueError("the period ends before it starts")
        return date_from, date_to
    raise ValueError(f"unknown period {period!r}")


def same_period_last_year(date_from, date_to):
    """The same dates one year earlier (29 February becomes 28 February)."""
    return add_months(date_from, -12), add_months(date_to, -12)


def ageing_bucket(days_overdue):
    """Key of the ageing bucket of an amount ``days_overdue`` days past its
    due date, or None when it is not due yet."""
    if days_overdue is None or days_overdue <= 0:
        return None
    for key, first, last in AGEING_BUCKETS:
        if days_overdue >= first and (last is None or days_overdue <= last):
            return key
    return None


def ratio(part, whole):
    """``part`` in percent of ``whole``, rounded to 0.1; 0 without a whole."""
    if not whole:
        return 0.0
    return round(100.0 * (part or 0) / whole, 1)
