"""French rules for phone prospecting of consumers.

- Law of 30 June 2025 (in force since 11 August 2026): a consumer may be
  called only with a prior, recorded phone consent.
- Decree 2022-1313 (in force since 1 March 2023): calls to consumers only
  Monday to Friday, 10:00-13:00 and 14:00-20:00 (Europe/Paris), never on a
  public holiday; at most 4 call attempts per number per 30 days; no new call
  for 60 days after the consumer refused.
- These rules govern prospecting (a commercial solicitation the person did
  not ask for): calls of a marketing campaign and calls to prospects. A call
  to a customer within a current contract and a call-back the person asked
  for are not prospecting (``call_scope``).
- Professional lines (a company, or a contact of a company) and lines outside
  France are out of scope.

Functions on plain values; the models gather the values and name the rule in
the error they raise.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import phonenumbers

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")

RULE_CONSENT = "consent"
RULE_OPPOSITION = "opposition"
RULE_WEEKDAY = "weekday"
RULE_HOURS = "hours"
RULE_HOLIDAY = "holiday"
RULE_CAP = "cap"
RULE_REFUSAL = "refusal"

SCOPE_PROSPECTING = "prospecting"
SCOPE_CUSTOMER = "customer"
SCOPE_CALLBACK = "callback"
# Why a call has its scope, in the order call_scope decides.
REASON_CALLBACK = "callback"
REASON_CAMPAIGN = "campaign"
REASON_CUSTOMER = "customer"
REASON_PROSPECT = "prospect"
# Metropolitan France and the overseas départements and collectivities that
# share its numbering plan.
FRENCH_REGIONS = {"FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF"}

SLOTS = ((time(10, 0), time(13, 0)), (time(14, 0), time(20, 0)))
MAX_ATTEMPTS = 4
ATTEMPT_WINDOW = timedelta(days=30)
REFUSAL_DELAY = timedelta(days=60)
# Alsace-Moselle keeps two more public holidays (Good Friday, 26 December).
ALSACE_MOSELLE = {"57": "57", "67": "6AE", "68": "6AE"}


def is_consumer(is_company, parent_is_company):
    """A consumer is an individual: neither a company nor one of its contacts."""
    return not is_company and not parent_is_company


def call_scope(*, requested_callback, campaign, current_customer):
    """The scope of an outgoing call and why, as (scope, reason) codes.

    A call-back the person asked for is not prospecting, even within a
    campaign; a campaign call is prospecting, even to a customer; otherwise
    a call to a customer within a current contract is not prospecting, and a
    call to anyone else (a prospect) is."""
    if requested_callback:
        return SCOPE_CALLBACK, REASON_CALLBACK
    if campaign:
        return SCOPE_PROSPECTING, REASON_CAMPAIGN
    if current_customer:
        return SCOPE_CUSTOMER, REASON_CUSTOMER
    return SCOPE_PROSPECTING, REASON_PROSPECT


def is_french_line(number, default_region=None):
    """True when ``number`` is a line in France (overseas included), read in
    ``default_region`` (ISO country code) when it has no international
    prefix. A number that cannot be read is not a French line."""
    if not number:
        return False
    try:
        parsed = phonenumbers.parse(number, (default_region or "").upper() or None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.region_code_for_number(parsed) in FRENCH_REGIONS


def to_paris(moment):
    """A naive UTC datetime (as Odoo stores them) in Europe/Paris time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(PARIS)


def holiday_subdivision(department_code):
    """The ``holidays`` subdivision of a département, or None."""
    return ALSACE_MOSELLE.get(department_code or "")


def is_public_holiday(day, department_code=None):
    calendar = holidays.France(
        years=day.year, subdiv=holiday_subdivision(department_code)
    )
    return day in calendar


def calendar_violations(moment, department_code=None):
    """Rules broken by a call to a consumer at ``moment`` (naive UTC)."""
    local = to_paris(moment)
    broken = []
    if local.weekday() >= 5:
        broken.append(RULE_WEEKDAY)
    if not any(start <= local.time() < end for start, end in SLOTS):
        broken.append(RULE_HOURS)
    if is_public_holiday(local.date(), department_code):
        broken.append(RULE_HOLIDAY)
    return broken


def cap_exceeded(moment, other_attempts):
    """True when a call at ``moment`` would make more than 4 attempts on the
    same number within some 30-day window (``other_attempts``: the dates of
    the other calls to that number, planned or made)."""
    dates = sorted([*other_attempts, moment])
    for start in dates:
        if start > moment:
            break
        if moment >= start + ATTEMPT_WINDOW:
            continue
        in_window = sum(1 for d in dates if start <= d < start + ATTEMPT_WINDOW)
        if in_window > MAX_ATTEMPTS:
            return True
    return False


def refusal_violation(moment, last_refusal):
    """True when a call at ``moment`` comes less than 60 days after the
    consumer's last refusal."""
    return bool(last_refusal) and last_refusal <= moment < last_refusal + REFUSAL_DELAY


def consumer_rules_apply(scope, consumer, french_line):
    """The consumer rules (consent, calendar, attempts, refusal delay) apply
    to prospecting calls to a consumer's line in France."""
    return scope == SCOPE_PROSPECTING and bool(consumer) and bool(french_line)


def call_violations(
    moment,
    *,
    consumer,
    consent_state,
    other_attempts=(),
    last_refusal=None,
    department_code=None,
    scope=SCOPE_PROSPECTING,
    french_line=True,
):
    """All the rules an outgoing call at ``moment`` (naive UTC) breaks, as
    rule codes, in the order they should be told to the user.

    ``consent_state``: the latest phone consent of the person (granted,
    refused, withdrawn or False). An opposition is honoured on every call
    (the latest entry of the ledger wins: a person who asks again to be
    called records a consent). The consumer rules apply to prospecting calls
    to a consumer's line in France only.
    """
    broken = []
    if consent_state in ("refused", "withdrawn"):
        broken.append(RULE_OPPOSITION)
    if not consumer_rules_apply(scope, consumer, french_line):
        return broken
    if consent_state != "granted":
        broken.append(RULE_CONSENT)
    broken += calendar_violations(moment, department_code)
    if cap_exceeded(moment, list(other_attempts)):
        broken.append(RULE_CAP)
    if refusal_violation(moment, last_refusal):
        broken.append(RULE_REFUSAL)
    return broken


def next_allowed_time(moment, department_code=None, max_days=30):
    """The first moment (naive UTC) at or after ``moment`` when a consumer
    may be called, as far as the calendar rules go."""
    local = to_paris(moment)
    for _day in range(max_days):
        for start, end in SLOTS:
            slot_start = local.replace(
                hour=start.hour, minute=start.minute, second=0, microsecond=0
            )
            slot_end = datetime.combine(local.date(), end, tzinfo=PARIS)
            candidate = max(local, slot_start)
            if candidate < slot_end:
                naive = candidate.astimezone(UTC).replace(tzinfo=None)
                if not calendar_violations(naive, department_code):
                    return naive
        local = datetime.combine(local.date() + timedelta(days=1), time(0), PARIS)
    return None
