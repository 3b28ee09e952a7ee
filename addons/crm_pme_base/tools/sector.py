"""Geographic sector rules: which sector claims a company.

A rule claims a company by country, region, département or postcode prefix;
the most specific matching rule wins (postcode prefix > département > region >
country, and a longer prefix beats a shorter one). Then what the sector gives:
its salesperson and its team (``sector_salesperson``, ``sector_team``), the one
rule for partners, leads and orders (``crm.pme.sector._crm_pme_assignment``; the
bulk reassignment applies it in SQL, tested against it). Pure functions, tested
in tests/test_tools.py; ``res.partner._crm_pme_match_sectors`` feeds them.
"""

import re
from collections import namedtuple

RANK = {"country": 1, "region": 2, "department": 3, "postcode": 4}

Rule = namedtuple(
    "Rule", "rule_id sector_id rule_type country_id region_id department_id zip_prefix"
)
Place = namedtuple("Place", "country_id region_id department_id zip")

_SPACES = re.compile(r"[\s.\-]")


def normalize_postcode(postcode):
    """Strip spaces, dots and dashes and upper-case a postcode ("75 001" -> "75001")."""
    if not postcode:
        return ""
    return _SPACES.sub("", str(postcode)).upper()


def department_from_postcode(postcode):
    """Département code of a French postcode from its digits, or None.

    Corsica 200xx-201xx -> 2A, 202xx-206xx -> 2B; overseas 97x/98x -> three
    digits. A few villages are served from another département's post office:
    OCA's l10n_fr_department resolves those by city; this gives the postcode's
    own département.
    """
    code = normalize_postcode(postcode)
    if not re.fullmatch(r"\d{5}", code) or code.startswith("00"):
        return None
    if code.startswith("20"):
        return "2A" if int(code[:3]) < 202 else "2B"
    if code.startswith(("97", "98")):
        return code[:3]
    if code.startswith("96"):
        return None
    return code[:2]


def specificity(rule):
    """Sort key of a rule: higher is more specific."""
    prefix = normalize_postcode(rule.zip_prefix) if rule.rule_type == "postcode" else ""
    return (RANK[rule.rule_type], len(prefix))


def rule_key(rule):
    """What a rule claims: two rules with the same key claim the same companies."""
    if rule.rule_type == "country":
        return ("country", rule.country_id)
    if rule.rule_type == "region":
        return ("region", rule.region_id)
    if rule.rule_type == "department":
        return ("department", rule.department_id)
    return ("postcode", rule.country_id or None, normalize_postcode(rule.zip_prefix))


def rule_matches(rule, place):
    if rule.rule_type == "country":
        return bool(place.country_id) and place.country_id == rule.country_id
    if rule.rule_type == "region":
        return bool(place.region_id) and place.region_id == rule.region_id
    if rule.rule_type == "department":
        return bool(place.department_id) and place.department_id == rule.department_id
    if rule.rule_type == "postcode":
        prefix = normalize_postcode(rule.zip_prefix)
        if not prefix:
            return False
        if rule.country_id and place.country_id != rule.country_id:
            return False
        return normalize_postcode(place.zip).startswith(prefix)
    return False


def sort_rules(rules):
    """Rules from the most to the least specific, ties broken by rule id."""
    return sorted(
        rules, key=lambda r: (specificity(r), -(r.rule_id or 0)), reverse=True
    )


def match_sector(sorted_rules, place):
    """Sector id of the first matching rule of ``sort_rules(...)``, or None."""
    for rule in sorted_rules:
        if rule_matches(rule, place):
            return rule.sector_id
    return None


def find_clashes(rules):
    """Pairs of rules of two different sectors that claim the same companies."""
    seen = {}
    clashes = []
    for rule in rules:
        key = rule_key(rule)
        other = seen.get(key)
        if other is not None and other.sector_id != rule.sector_id:
            clashes.append((other, rule))
        else:
            seen.setdefault(key, rule)
    return clashes


def sector_salesperson(own_user_id, sector_user_id, overwrite=False):
    """The salesperson a record gets from its sector: its own (given, or its
    customer's) if any, else the sector's; the sector's always when
    ``overwrite`` (the company's setting, for partners). None when neither."""
    if sector_user_id and (overwrite or not own_user_id):
        return sector_user_id
    return own_user_id or None


def sector_team(team_id, user_id, sector_user_id, sector_team_id, team_user_ids):
    """The team a record of salesperson ``user_id`` gets from its sector: the
    sector's team when that salesperson is the sector's, one of the team
    (``team_user_ids``: members and leader) or nobody; else ``team_id``."""
    if sector_team_id and (
        not user_id or user_id == sector_user_id or user_id in team_user_ids
    ):
        return sector_team_id
    return team_id or None
