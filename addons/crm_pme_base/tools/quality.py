"""Data-quality rules of a company record.

Each rule takes a dict of plain values (see ``RULE_INPUTS``) and says whether
the record passes it. ``evaluate`` returns the score (0-100) and the codes of
the failing rules. Labels are translated by the model, not here.
"""

import re

import phonenumbers
from stdnum.fr import siret as stdnum_siret

from .sector import department_from_postcode, normalize_postcode

RULE_INPUTS = (
    "is_company",
    "country_code",
    "siren",
    "nic",
    "naf_code",
    "email",
    "phone",
    "street",
    "zip",
    "city",
    "department_code",
    "department_region_code",
    "region_code",
)

EMAIL_RE = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[A-Za-z]{2,}$")
FRENCH_COUNTRIES = {"FR", "GP", "MQ", "GF", "RE", "YT", "MC"}


def _is_french(values):
    return (values.get("country_code") or "FR") in FRENCH_COUNTRIES


def check_siret(values):
    siren, nic = values.get("siren") or "", values.get("nic") or ""
    return bool(siren and nic) and stdnum_siret.is_valid(siren + nic)


def check_naf(values):
    return bool(values.get("naf_code"))


def check_email(values):
    email = (values.get("email") or "").strip()
    return bool(EMAIL_RE.match(email))


def check_phone(values):
    phone = (values.get("phone") or "").strip()
    if not phone:
        return False
    try:
        number = phonenumbers.parse(phone, values.get("country_code") or "FR")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number)


def check_address(values):
    return all(values.get(key) for key in ("street", "zip", "city", "country_code"))


def check_department(values):
    """The postcode gives a département, consistent with the region if set."""
    postcode = normalize_postcode(values.get("zip"))
    if not department_from_postcode(postcode) or not values.get("department_code"):
        return False
    region = values.get("region_code")
    return not region or region == values.get("department_region_code")


# (code, check, applies) in display order.
RULES = (
    ("siret", check_siret, lambda v: v.get("is_company") and _is_french(v)),
    ("naf", check_naf, lambda v: v.get("is_company") and _is_french(v)),
    ("email", check_email, lambda v: True),
    ("phone", check_phone, lambda v: True),
    ("address", check_address, lambda v: True),
    ("department", check_department, _is_french),
)
RULE_CODES = tuple(code for code, _check, _applies in RULES)


def evaluate(values):
    """Return (score, failing rule codes) for one record's values."""
    applicable = [(code, check) for code, check, applies in RULES if applies(values)]
    failing = [code for code, check in applicable if not check(values)]
    if not applicable:
        return 100, []
    score = round(100 * (len(applicable) - len(failing)) / len(applicable))
    return score, failing
