"""Rules of the migration check ("recette") of a file of companies or contacts.

Pure functions on plain values: header mapping, row checks, duplicates inside
the file (reading the CSV or Excel file is ``table_file``'s). The wizard
``crm.pme.import.check`` reads the file, adds what only the database knows
(known NAF codes, existing duplicates) and writes nothing until asked to
import.
"""

import datetime
import re
import unicodedata

from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from . import quality
from .company import HEADCOUNT_BANDS
from .phone import phone_key
from .sector import department_from_postcode, normalize_postcode

# Normalised header -> key of a row's values. French labels first (those of the
# import templates and of Odoo's French interface), then English and
# technical names, so that a file exported from Odoo maps too.
HEADER_ALIASES = {
    "is_company": ("est une societe", "is a company", "is_company"),
    "name": ("nom", "raison sociale", "societe", "name", "company name"),
    "siret": ("siret", "n siret", "numero siret", "no siret"),
    "siren": ("siren", "n siren", "numero siren", "no siren"),
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
    # A number of employees (42), a range (20 a 49) or a band's label; the
    # INSEE band code (12) only in a column that says it holds the band.
    "headcount": (
        "effectif",
        "effectifs",
        "effectif salarie",
        "effectifs salaries",
        "nombre de salaries",
        "nb salaries",
        "salaries",
        "headcount",
        "employees",
    ),
    "headcount_band": (
        "tranche d'effectif",
        "tranche d'effectifs",
        "tranche d'effectifs salaries",
        "tranche effectif",
        "code tranche d'effectif",
        "headcount band",
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

# Codes of the reasons, translated by the wizard. A refused row is never
# imported; a row with warnings only when the user asks for it.
REFUSING = (
    "name_missing",
    "siret_invalid",
    "siren_invalid",
    "naf_unknown",
    "department_mismatch",
    "revenue_invalid",
    "duplicate_siret",
    "siret_in_file",
    "identical_in_file",
)
WARNING = (
    "siret_missing",
    "naf_missing",
    "email_invalid",
    "phone_invalid",
    "address_incomplete",
    "legal_form_unknown",
    "legal_form_other",
    "headcount_invalid",
    "headcount_band_invalid",
    "date_invalid",
    "role_unknown",
    "yes_no_unknown",
    "company_flag_mismatch",
    "country_unknown",
    "parent_unknown",
    "postcode_city_mismatch",
    "siren_in_file",
    "duplicate_in_file",
    "duplicate_in_database",
)

# Legal forms as people write them (after normalize_legal_form) -> code of
# res.partner's legal_form (INSEE "catégorie juridique"). A plain "SA" is
# taken as the usual SA with a board of directors; "SCOP" as the usual SCOP
# SARL; micro-entrepreneurs are individual entrepreneurs for INSEE.
LEGAL_FORM_ALIASES = {
    "1000": (
        "ei",
        "eirl",
        "entreprise individuelle",
        "entrepreneur individuel",
        "micro entrepreneur",
        "micro entreprise",
        "auto entrepreneur",
        "auto entreprise",
    ),
    "5202": ("snc", "societe en nom collectif"),
    "5458": (
        "scop",
        "scop sarl",
        "sarl scop",
        "societe cooperative ouvriere de production",
        "societe cooperative et participative",
    ),
    "5485": (
        "selarl",
        "societe d'exercice liberal a responsabilite limitee",
    ),
    "5498": (
        "eurl",
        "sarl unipersonnelle",
        "entreprise unipersonnelle a responsabilite limitee",
    ),
    "5499": ("sarl", "societe a responsabilite limitee"),
    "5599": (
        "sa",
        "societe anonyme",
        "sa a conseil d'administration",
    ),
    "5710": ("sas", "societe par actions simplifiee"),
    "5720": (
        "sasu",
        "sas unipersonnelle",
        "societe par actions simplifiee unipersonnelle",
    ),
    "6220": ("gie", "groupement d'interet economique"),
    "6540": ("sci", "societe civile immobiliere"),
    "9220": (
        "association",
        "association loi 1901",
        "association declaree",
        "asso loi 1901",
        "association loi de 1901",
    ),
}
# Forms that are recognised but have no code of their own in the legal form
# list: imported as "Other", with a warning that says so.
OTHER_LEGAL_FORMS = (
    "sa a directoire",
    "selas",
    "selafa",
    "selca",
    "scop sa",
    "scop sas",
    "scic",
    "sca",
    "scs",
    "scp",
    "scm",
    "scea",
    "earl",
    "gaec",
    "sem",
    "saem",
    "spl",
    "geie",
    "gip",
    "se",
    "societe europeenne",
    "societe civile",
    "cooperative",
    "fondation",
    "syndicat",
    "association loi 1908",
)

# Contact roles as people write them -> code of res.partner's contact_role
# (the list's labels, in the user's language, match too).
CONTACT_ROLE_ALIASES = {
    "management": ("direction", "dirigeant", "dirigeante", "gerant", "gerante"),
    "purchasing": ("achats", "achat", "acheteur", "acheteuse"),
    "technical": ("technique", "technicien", "technicienne"),
    "finance": ("finance", "finances", "comptabilite", "comptable", "daf"),
    "sales": ("ventes", "vente", "commercial", "commerciale", "marketing"),
    "other": ("autre",),
}

# Words around a headcount ("42 salariés", "environ 10 personnes").
_HEADCOUNT_WORDS = re.compile(
    r"\b(salaries?|employes?|personnes?|pers|etp|emplois?|environ|env|"
    r"employees?|staff|people)\b\.?"
)
_YES = ("1", "oui", "o", "vrai", "true", "x", "yes", "y")
_NO = ("0", "non", "n", "faux", "false", "no")

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


def is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def normalize_label(text):
    """A label or code reduced for comparison: no accents, case, dots or
    extra spaces ("S.A.R.L." == "sarl", "6 à 9 salariés" == "6 a 9 salaries")."""
    text = strip_accents(str(text or "")).lower().replace(".", "")
    text = re.sub(r"[’`´]", "'", text)
    text = re.sub(r"[^a-z0-9']+", " ", text).strip()
    if re.fullmatch(r"(?:[a-z] )+[a-z]", text):  # "s a r l" -> "sarl"
        text = text.replace(" ", "")
    return text


def normalize_naf(value):
    """A NAF code as INSEE writes it: "6920z", "69 20 Z" -> "69.20Z"; any
    other text upper-cased as it is."""
    text = re.sub(r"[\s.\-_]", "", str(value or "")).upper()
    if re.fullmatch(r"\d{4}[A-Z]", text):
        return f"{text[:2]}.{text[2:]}"
    return str(value or "").strip().upper()


_LEGAL_FORM_INDEX = {
    normalize_label(alias): code
    for code, aliases in LEGAL_FORM_ALIASES.items()
    for alias in (code, *aliases)
}
_ROLE_INDEX = {
    normalize_label(alias): code
    for code, aliases in CONTACT_ROLE_ALIASES.items()
    for alias in (code, *aliases)
}
_OTHER_LEGAL_FORMS = {normalize_label(form) for form in OTHER_LEGAL_FORMS}


def parse_legal_form(value, labels=None):
    """(code of res.partner's legal_form or None, warning code or None) of a
    legal form as written: "S.A.R.L.", "sas", "Société par actions
    simplifiée (SAS)", "SARL au capital de 10 000 €", an INSEE code, or a
    label of the list (``labels``: {normalize_label(label): code}).

    A recognised form without a code of its own is "other" with the warning
    "legal_form_other"; an unknown one is None with "legal_form_unknown"."""
    if is_empty(value):
        return None, None
    text = normalize_label(value)
    candidates = [text]
    raw = str(value)
    candidates += [normalize_label(part) for part in re.findall(r"\(([^)]*)\)", raw)]
    candidates.append(normalize_label(raw.split("(")[0]))
    candidates.append(text.split(" ")[0])
    index = dict(labels or {}, **_LEGAL_FORM_INDEX)
    for candidate in candidates:
        if candidate in _OTHER_LEGAL_FORMS:
            return "other", "legal_form_other"
        if candidate in index:
            return index[candidate], None
    return None, "legal_form_unknown"


def band_of_headcount(count):
    """INSEE headcount band of a number of employees (0: non-employer)."""
    if count == 0:
        return "NN"
    for code, (low, high) in HEADCOUNT_BANDS.items():
        if code in ("NN", "00"):
            continue
        if low <= count and (high is None or count <= high):
            return code
    return None


def _headcount_text(value):
    text = strip_accents(str(value)).lower().replace("\u202f", " ")
    text = text.replace("\xa0", " ").replace("–", "-")
    text = _HEADCOUNT_WORDS.sub(" ", text)
    # Thousands separators: "1 200", "1.200".
    text = re.sub(r"(?<=\d)[ .](?=\d{3}\b)", "", text)
    return " ".join(text.split())


def parse_headcount(value, labels=None):
    """INSEE band of a headcount column: a number of employees (42 -> "12",
    "1 200 salariés" -> "42"), a range inside one band ("20 à 49") or a
    band's label (``labels``: {normalize_label(label): code}). None when
    empty; ValueError when it is none of these (a band code is not read
    here: 42 employees are not band 42)."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        if value < 0 or value != int(value):
            raise ValueError(value)
        return band_of_headcount(int(value))
    if labels and normalize_label(value) in labels:
        return labels[normalize_label(value)]
    text = _headcount_text(value)
    if re.fullmatch(r"\d+", text):
        return band_of_headcount(int(text))
    match = re.fullmatch(r"(?:de )?(\d+) ?(?:a|-|/) ?(\d+)", text)
    if match:
        low, high = int(match[1]), int(match[2])
        band = band_of_headcount(low)
        if low <= high and band and band == band_of_headcount(high):
            return band
        raise ValueError(value)
    match = re.fullmatch(r"(?:plus de |> ?)?(\d+) ?(?:\+|et plus|ou plus)?", text)
    if match and match[0] != match[1]:
        band = band_of_headcount(int(match[1]))
        if band and HEADCOUNT_BANDS[band][1] is None:
            return band
    raise ValueError(value)


def parse_headcount_band(value, labels=None):
    """INSEE band of a column that says it holds the band ("Tranche
    d'effectif"): its code ("12", "NN", 3 -> "03"), its label or a range
    inside it. None when empty; ValueError otherwise."""
    if is_empty(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = f"{int(value):02d}" if value == int(value) else str(value)
    else:
        text = str(value).strip().upper()
        if re.fullmatch(r"\d", text):
            text = "0" + text
    if text in HEADCOUNT_BANDS:
        return text
    if re.fullmatch(r"[\d\s]+", text):
        raise ValueError(value)
    return parse_headcount(value, labels)


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("janvier", "janv", "jan"),
            ("fevrier", "fevr", "fev"),
            ("mars", "mar"),
            ("avril", "avr"),
            ("mai",),
            ("juin",),
            ("juillet", "juil"),
            ("aout",),
            ("septembre", "sept"),
            ("octobre", "oct"),
            ("novembre", "nov"),
            ("decembre", "dec"),
        ),
        1,
    )
    for name in names
}


def parse_date(value, today=None):
    """A date as written in a French file: 15/03/2019, 15-03-19, 15.03.2019,
    2019-03-15 (with a time or not), "15 mars 2019", 03/2019 or "mars 2019"
    (the 1st of the month), 2019 (1 January), or a date cell. None when
    empty; ValueError when it is not a date or an impossible one
    (31/02/2019)."""
    if is_empty(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        if value == int(value) and 1900 <= value <= 2100:
            return datetime.date(int(value), 1, 1)
        raise ValueError(value)
    text = " ".join(strip_accents(str(value)).lower().split())
    time_part = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})" + time_part, text)
    if match:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    match = re.fullmatch(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})" + time_part, text)
    if match:
        year = int(match[4])
        if len(match[4]) == 2:
            current = (today or datetime.date.today()).year
            year += 2000 if 2000 + year <= current else 1900
        return datetime.date(year, int(match[3]), int(match[1]))
    match = re.fullmatch(r"(\d{1,2})[/.\-](\d{4})", text)
    if match:
        return datetime.date(int(match[2]), int(match[1]), 1)
    match = re.fullmatch(r"(?:(\d{1,2})(?:er)? )?([a-z]+)\.? (\d{4})", text)
    if match and match[2] in _MONTHS:
        day = int(match[1]) if match[1] else 1
        return datetime.date(int(match[3]), _MONTHS[match[2]], day)
    if re.fullmatch(r"\d{4}", text):
        return datetime.date(int(text), 1, 1)
    raise ValueError(value)


def parse_yes_no(value):
    """True, False, None (empty) or ValueError of a yes/no cell (Oui, Vrai,
    X, 1, Non, Faux, 0...)."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = normalize_label(value)
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(value)


def row_siren(values):
    """The SIREN of a row: its SIREN column, else the SIRET's first 9 digits."""
    siren = normalize_siret(values.get("siren"))
    if not siren:
        siret = normalize_siret(values.get("siret"))
        siren = siret[:9] if len(siret) == 14 else ""
    return siren


def interpret_row(values, selections=None, company=True):
    """What the import writes of one row's values that need reading, and the
    warnings about those it cannot write (left empty, or "Other").

    ``selections``: {field: {normalize_label(label): code}} of the legal
    form, headcount band and contact role lists (their labels in the user's
    language). Returns (clean, warnings), ``clean`` holding ``naf_code``,
    ``legal_form``, ``headcount_band``, ``customer_since`` (a date),
    ``contact_role`` and ``is_decision_maker`` when the row gives them."""
    selections = selections or {}
    clean, warnings = {}, []
    naf = normalize_naf(values.get("naf_code"))
    if naf:
        clean["naf_code"] = naf
    code, warning = parse_legal_form(
        values.get("legal_form"), selections.get("legal_form")
    )
    if code:
        clean["legal_form"] = code
    if warning:
        warnings.append(warning)
    band_labels = selections.get("headcount_band")
    try:
        band = parse_headcount_band(values.get("headcount_band"), band_labels)
    except ValueError:
        band = None
        warnings.append("headcount_band_invalid")
    try:
        headcount = parse_headcount(values.get("headcount"), band_labels)
    except ValueError:
        headcount = None
        warnings.append("headcount_invalid")
    if band or headcount:
        clean["headcount_band"] = band or headcount
    try:
        since = parse_date(values.get("customer_since"))
    except ValueError:
        since = None
        warnings.append("date_invalid")
    if since:
        clean["customer_since"] = since
    role = values.get("contact_role")
    if not is_empty(role):
        roles = dict(selections.get("contact_role") or {}, **_ROLE_INDEX)
        code = roles.get(normalize_label(role))
        if code:
            clean["contact_role"] = code
        else:
            warnings.append("role_unknown")
    try:
        decision = parse_yes_no(values.get("is_decision_maker"))
    except ValueError:
        decision = None
        warnings.append("yes_no_unknown")
    if decision is not None:
        clean["is_decision_maker"] = decision
    try:
        flag = parse_yes_no(values.get("is_company"))
    except ValueError:
        flag = not company
    if flag is not None and flag != company:
        warnings.append("company_flag_mismatch")
    return clean, warnings


def check_row(values, known_naf_codes, company=True, selections=None):
    """Return (refusing reasons, warnings) of one row's values."""
    refusing, warnings = [], []
    if not str(values.get("name") or "").strip():
        refusing.append("name_missing")
    siret = normalize_siret(values.get("siret"))
    if siret:
        if not stdnum_siret.is_valid(siret):
            refusing.append("siret_invalid")
    elif company and not values.get("siren"):
        warnings.append("siret_missing")
    siren = normalize_siret(values.get("siren"))
    if siren and (
        not stdnum_siren.is_valid(siren) or (len(siret) == 14 and siret[:9] != siren)
    ):
        refusing.append("siren_invalid")
    naf = normalize_naf(values.get("naf_code"))
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
    warnings += interpret_row(values, selections, company)[1]
    return refusing, warnings


def duplicate_keys(values):
    """The keys under which two rows are the same company (or, for the
    SIREN, two establishments of the same company)."""
    keys = []
    siret = normalize_siret(values.get("siret"))
    if len(siret) == 14:
        keys.append(("siret", siret))
    siren = row_siren(values)
    if len(siren) == 9:
        keys.append(("siren", siren))
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
    """Map the index of each row to the earlier rows it repeats, each with
    the keys they share: {index: {earlier index: ["siret", "name"...]}}.
    A row is compared with the first row of each key."""
    first_seen = {}
    found = {}
    for index, values in enumerate(rows):
        for kind, key in duplicate_keys(values):
            earlier = first_seen.setdefault((kind, key), index)
            if earlier != index:
                found.setdefault(index, {}).setdefault(earlier, []).append(kind)
    return found


def file_findings(rows):
    """What each row shares with earlier rows of the file:
    {index: [(code, earlier index, shared keys)]}, the code being
    "siret_in_file" (same SIRET: refused, a SIRET is imported once),
    "identical_in_file" (the same row again: refused), "duplicate_in_file"
    (same SIRET, email, phone or name, with the keys shared) or
    "siren_in_file" (same SIREN, another SIRET: another establishment?)."""
    findings = {}
    for index, repeats in find_file_duplicates(rows).items():
        for earlier, kinds in repeats.items():
            if "siret" in kinds:
                findings.setdefault(index, []).append(("siret_in_file", earlier, []))
            # The same SIRET says the same SIREN: named once.
            shared = [k for k in kinds if k != "siren" or "siret" not in kinds]
            if rows[index] == rows[earlier]:
                code, shared = "identical_in_file", []
            elif shared == ["siren"]:
                code, shared = "siren_in_file", []
            else:
                code = "duplicate_in_file"
            findings.setdefault(index, []).append((code, earlier, shared))
    return findings


def normalize_city(city):
    """A city name reduced for comparison: no accents, case, punctuation,
    CEDEX or arrondissement ("ST-ÉTIENNE CEDEX 2" == "saint etienne",
    "Lyon 3e" == "lyon")."""
    text = strip_accents(str(city or "")).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = re.sub(r"\b(cedex|arrondissement|\d+(?:e|er|eme)?)\b", " ", text)
    text = re.sub(r"\bste\b", "sainte", re.sub(r"\bst\b", "saint", text))
    return " ".join(text.split())


def city_departments(places):
    """Where each city is seen: ``places`` are (city, postcode, count, row
    index or None for companies already in the database); returns
    {normalize_city(city): {département: [count, [row indexes]]}}."""
    table = {}
    for city, postcode, count, index in places:
        department = department_from_postcode(postcode)
        key = normalize_city(city)
        if not department or not key:
            continue
        entry = table.setdefault(key, {}).setdefault(department, [0, []])
        entry[0] += count
        if index is not None:
            entry[1].append(index)
    return table


def postcode_city_clash(city, postcode, index, table):
    """(département where the city is seen, how often, row indexes) when a
    row's postcode is in another département than the one its city is seen
    in elsewhere, at least twice as often (plus one) as in the row's; else
    None. A city seen only in this row, or about as often in the row's
    département as elsewhere (homonyms such as Saint-Denis, 93 and 974), is
    never a clash; a city seen once elsewhere is enough for a warning."""
    department = department_from_postcode(postcode)
    seen = table.get(normalize_city(city))
    if not department or not seen:
        return None
    counts = {}
    for code, (count, indexes) in seen.items():
        counts[code] = count - (1 if code == department and index in indexes else 0)
    best = max(counts, key=lambda code: (counts[code], code))
    if best == department or counts[best] < 2 * counts.get(department, 0) + 1:
        return None
    rows = [i for i in seen[best][1] if i != index]
    return best, counts[best], rows


def needs_background(byte_size, row_count=None):
    """Whether a file of ``byte_size`` bytes and ``row_count`` data rows
    (None: not read yet) is too large to be checked in the request."""
    if byte_size > SYNC_MAX_BYTES:
        return True
    return row_count is not None and row_count > SYNC_MAX_ROWS
