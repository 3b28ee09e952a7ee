"""French public holidays as whole-day leaves of a working calendar.

``public_holidays`` reads the ``holidays`` package (11 national days, plus
Good Friday and 26 December in Alsace-Moselle); ``leave_bounds`` turns a day
into the UTC interval a ``resource.calendar.leaves`` row expects. Pure
functions, tested in tests/test_tools.py.
"""

from datetime import datetime, time, timedelta

import holidays
import pytz

# Alsace-Moselle: Moselle (57) and Alsace (6AE) share the same two extra days.
ALSACE_MOSELLE_SUBDIV = "57"


def public_holidays(years, alsace_moselle=False):
    """Sorted list of ``(date, name)`` French public holidays over ``years``.

    Names are in French. ``years`` is an int or an iterable of ints.
    """
    if isinstance(years, int):
        years = [years]
    years = sorted(set(years))
    if not years:
        return []
    calendar = holidays.France(
        years=years,
        subdiv=ALSACE_MOSELLE_SUBDIV if alsace_moselle else None,
        language="fr",
    )
    return sorted(calendar.items())


def leave_bounds(day, tz_name="Europe/Paris"):
    """UTC (naive) start and end of the whole ``day`` in time zone ``tz_name``.

    The end is the last second of the day, as Odoo's leave form writes it.
    """
    tz = pytz.timezone(tz_name or "UTC")
    start = tz.localize(datetime.combine(day, time.min))
    end = tz.localize(datetime.combine(day + timedelta(days=1), time.min))
    to_utc = pytz.utc
    return (
        start.astimezone(to_utc).replace(tzinfo=None),
        (end.astimezone(to_utc) - timedelta(seconds=1)).replace(tzinfo=None),
    )


def holiday_year_window(today):
    """First and last year whose public holidays may be added on ``today``:
    from last year to the year after next."""
    return today.year - 1, today.year + 2


def missing_holidays(holiday_list, existing_days):
    """Holidays of ``holiday_list`` whose date is not in ``existing_days``."""
    existing = set(existing_days)
    return [(day, name) for day, name in holiday_list if day not in existing]
