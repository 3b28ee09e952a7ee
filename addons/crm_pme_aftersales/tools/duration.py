"""Time spent on an intervention, from its Start/Stop sessions.

Pure functions on plain values (datetimes, floats), tested in
tests/test_tools.py; ``crm.pme.intervention`` feeds them. ``billable_hours_sql``
is the SQL form of ``billable_hours`` for aggregates (the dashboard), tested
against it.
"""

import math

from odoo.tools import SQL

# A 2-second margin absorbs the rounding of datetimes to the second.
MARGIN_MINUTES = 2 / 60.0


def session_hours(start, stop):
    """Hours between ``start`` and ``stop`` (0 when one is missing).

    Raises ValueError when ``stop`` is before ``start``.
    """
    if not start or not stop:
        return 0.0
    if stop < start:
        raise ValueError("stop before start")
    return (stop - start).total_seconds() / 3600.0


def worked_hours(sessions, now=None):
    """Hours worked over ``sessions`` (pairs ``(start, stop)``).

    An open session (no stop) counts until ``now`` when given, else not at
    all. Overlapping sessions (two devices, a stop forgotten then corrected)
    are merged so that the same minute is never counted twice.
    """
    intervals = []
    for start, stop in sessions:
        if not start:
            continue
        stop = stop or now
        if not stop or stop <= start:
            continue
        intervals.append((start, stop))
    intervals.sort()
    total = 0.0
    current_start = current_stop = None
    for start, stop in intervals:
        if current_stop is None or start > current_stop:
            if current_stop is not None:
                total += session_hours(current_start, current_stop)
            current_start, current_stop = start, stop
        else:
            current_stop = max(current_stop, stop)
    if current_stop is not None:
        total += session_hours(current_start, current_stop)
    return total


def billable_hours(hours, step_minutes=15):
    """Round worked hours up to the next ``step_minutes`` (0 stays 0).

    A 2-second margin absorbs the rounding of datetimes to the second.
    """
    if hours <= 0:
        return 0.0
    if step_minutes <= 0:
        return hours
    minutes = hours * 60.0
    steps = math.ceil((minutes - MARGIN_MINUTES) / step_minutes)
    return max(steps, 1) * step_minutes / 60.0


def billable_hours_sql(hours, step_minutes=15):
    """``billable_hours`` as an SQL expression on ``hours`` (an ``SQL`` of
    a double precision value, NULL counting as 0): the same rounding, step
    and margin, in the same order of operations."""
    hours = SQL("COALESCE(%s, 0.0)", hours)
    if step_minutes <= 0:
        return SQL("GREATEST(%s, 0.0)", hours)
    return SQL(
        "CASE WHEN %(hours)s <= 0 THEN 0.0"
        " ELSE GREATEST(CEIL((%(hours)s * 60.0 - %(margin)s) / %(step)s), 1)"
        " * %(step)s / 60.0 END",
        hours=hours,
        margin=MARGIN_MINUTES,
        step=float(step_minutes),
    )
