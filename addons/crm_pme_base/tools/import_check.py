"""Rules of the migration check ("recette") of a file of companies or contacts.

Pure functions on plain values: header mapping, row checks, duplicates inside
the file (reading the CSV or Excel file is ``table_file``'s). The wizard
``crm.pme.import.check`` reads the file, adds what only the database knows
(known NAF codes, existing duplicates) and writes nothing until asked to
import.
"""

import re
import unicodedata

from stdnum.fr import siret as stdnum_siret

from . import quality
from .sector import department_from_postcode, normalize_postcode

# Normalised header -> key of a row's values. French labels first (those of the
# import templates and of Odoo's French interface), then English and
# technical names, so that a file exported from Odoo maps too.
HEADER_ALIASES = {
    "is_company": ("est une societe", "is a company", "is_company"),
    "name": ("nom", "raison sociale", "societe", "name", "company name"),
    "siret": ("siret", "n siret", "numero siret", "no siret"),
    "naf_code": (
        "code naf/ape",
        "code naf",
        "naf",
        "ape",
        "code ape",
        "naf/ape code",
        "naf_id",
    ),
    "legal_form": ("forme juridique", "legal form", "legal_form"),
    "headcount_band": (
        "effectif",
        "tranche d'effectif",
        "tranche d'effectifs",
        "headcount",
        "headcount_band",
    ),
    "annual_revenue": (
        "chiffre d'affaires annuel",
        "chiffre d'affaires",
        "ca",
        "annual revenue",
        "annual_revenue",
    ),
    "street": ("rue", "adresse", "street"),
    "street2": ("rue 2", "complement d'adresse", "street2"),
    "zip": ("code postal", "cp", "zip", "postcode"),
    "city": ("ville", "commune", "city"),
    "department": ("departement", "department"),
    "country": ("pays", "country", "country_id"),
    "phone": ("telephone", "tel", "phone"),
    "mobile": ("mobile", "portable"),
    "email": ("e-mail", "email", "courriel", "mail"),
    "website": ("lien vers un site web", "site web", "site internet", "website"),
    "parent_name": ("societe associee", "entreprise", "related company", "parent_id"),
    "function": ("poste", "fonction", "job position", "function"),
    "contact_role": ("role", "contact_role"),
    "is_decision_maker": ("decisionnaire", "decision-maker", "is_decision_maker"),
    "customer_since": ("client depuis", "customer since", "customer_since"),
}

# A file is checked at once, in the user's request, up to both these sizes;
# a larger one is checked in the background by a scheduled action. About
# 75 ms a row against 20,000 companies (bench/README.md): 500 rows take some
# 40 s, within the 120 s an HTTP worker of Odoo is given by default.
SYNC_MAX_ROWS = 500
SYNC_MAX_BYTES = 512 * 1024

# Codes of the reasons, translated by the wizard.
REFUSING = (
    "name_missing",
    "siret_invalid",
    "naf_unknown",
    "department_mismatch",
    "revenue_invalid",
    "duplicate_siret",
)
WARNING = (
    "siret_missing",
    "naf_missing",
    "email_invalid",
    "phone_invalid",
    "address_incomplete",
    "duplicate_in_file",
    "duplicate_in_database",
)

LEGAL_SUFFIXES = re.compile(
    r"\b(sarl|sas|sasu|sa|eurl|snc|sci|scop|ei|selarl|et cie|& cie)\b"
)


def strip_accents(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize_header(header):
    text = strip_accents(str(header or "")).lower().replace("°", "")
    text = re.sub(r"[\s_]+", " ", text).strip(" *:")
    return text


_ALIAS_INDEX = {
    normalize_header(alias): key
    for key, aliases in HEADER_ALIASES.items()
    for alias in aliases
}


def map_headers(headers):
    """Key of each column (None for a column we do not read)."""
    return [_ALIAS_INDEX.get(normalize_header(h)) for h in headers]


def normalize_name(name):
    """Company name reduced for comparison: no accents, case, legal form or
    punctuation ("Boulangerie Martin SARL" == "boulangerie  martin")."""
    text = strip_accents(str(name or "")).lower()
    text = LEGAL_SUFFIXES.sub(" ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()


def normalize_siret(value):
    return re.sub(r"[\s.\-]", "", str(value or ""))


def phone_key(phone):
    """Last nine digits of a phone number (same line whatever its prefix)."""
    digits = re.sub(r"\D", "", str(phone or ""))
    return digits[-9:] if len(digits) >= 9 else ""


def parse_amount(value):
    """A revenue as written in a French file ("1 250 000,50 €"), or None."""
    if value in (None, ""):
        return 0.0
    if isinstance(value, int | float):
        return float(value)
    text = str(value).replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    text = text.replace("€", "").replace("EUR", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def check_row(values, known_naf_codes, company=True):
    """Return (refusing reasons, warnings) of one row's values."""
    refusing, warnings = [], []
    if not str(values.get("name") or "").strip():
        refusing.append("name_missing")
    siret = normalize_siret(values.get("siret"))
    if siret:
        if not stdnum_siret.is_valid(siret):
            refusing.append("siret_invalid")
    elif company:
        warnings.append("siret_missing")
    naf = str(values.get("naf_code") or "").strip().upper()
    if naf:
        if naf not in known_naf_codes:
            refusing.append("naf_unknown")
    elif company:
        warnings.append("naf_missing")
    postcode = normalize_postcode(values.get("zip"))
    department = str(values.get("department") or "").strip().upper()
    if department and postcode:
        expected = department_from_postcode(postcode)
        if department.zfill(2) != (expected or ""):
            refusing.append("department_mismatch")
    amount = parse_amount(values.get("annual_revenue"))
    if amount is None or amount < 0:
        refusing.append("revenue_invalid")
    if values.get("email") and not quality.check_email(values):
        warnings.append("email_invalid")
    if values.get("phone") and not quality.check_phone(
        {"phone": values.get("phone"), "country_code": "FR"}
    ):
        warnings.append("phone_invalid")
    if company and not all(values.get(k) for k in ("street", "zip", "city")):
        warnings.append("address_incomplete")
    return refusing, warnings


def duplicate_keys(values):
    """The keys under which two rows are the same company."""
    keys = []
    siret = normalize_siret(values.get("siret"))
    if len(siret) == 14:
        keys.append(("siret", siret))
    email = str(values.get("email") or "").strip().lower()
    if email:
        keys.append(("email", email))
    phone = phone_key(values.get("phone"))
    if phone:
        keys.append(("phone", phone))
    name = normalize_name(values.get("name"))
    if name:
        keys.append(("name", name))
    return keys


def find_file_duplicates(rows):
    """Map the index of each row to the indexes of earlier rows it repeats."""
    first_seen = {}
    found = {}
    for index, values in enumerate(rows):
        for key in duplicate_keys(values):
            if key in first_seen:
                found.setdefault(index, [])
                if first_seen[key] not in found[index]:
                    found[index].append(first_seen[key])
            else:
                first_seen[key] = index
    return found


def needs_background(byte_size, row_count=None):
    """Whether a file of ``byte_size`` bytes and ``row_count`` data rows
    (None: not read yet) is too large to be checked in the request."""
    if byte_size > SYNC_MAX_BYTES:
        return True
    return row_count is not None and row_count > SYNC_MAX_ROWS
