"""Benchmarks of crm_pme_base on generated data at scale.

    python bench/bench_crm_pme_base.py DB        # DB has crm_pme_base installed

1. Sector reassignment of N companies: ours (rules in Python, two UPDATEs)
   against the best single SQL statement that gives the same answer (a
   LATERAL join picking the most specific rule), same result checked.
2. Migration check of a file of N rows: time per row must stay flat as N
   grows (linear total), queries per batch constant; against Odoo's own
   import (``load``, rolled back) of the same rows.
Nothing is kept: everything runs in one transaction that is rolled back.
"""

import base64
import os
import sys

from common import measure, odoo_env
from faker import Faker

# BENCH_SIZES=1000,2000 for a quicker run; BENCH_PARTS=check for one part;
# BENCH_EXISTING: companies already in the database for the migration check.
SIZES = tuple(
    int(size) for size in os.environ.get("BENCH_SIZES", "1000,5000,10000").split(",")
)
PARTS = os.environ.get("BENCH_PARTS", "sectors,check").split(",")


def make_companies(env, count, tag):
    fr = env.ref("base.fr")
    zips = ["69002", "69100", "38000", "75008", "13001", "44000", "33000"]
    vals = [
        {
            "name": f"Bench {tag} {i}",
            "is_company": True,
            "country_id": fr.id,
            "zip": zips[i % len(zips)],
            "city": "Ville",
            "street": f"{i} rue du Banc",
        }
        for i in range(count)
    ]
    return env["res.partner"].with_context(tracking_disable=True).create(vals)


SQL_BEST = """
UPDATE res_partner p
   SET sector_id = m.sector_id
  FROM (
    SELECT p.id,
           (SELECT r.sector_id
              FROM crm_pme_sector_rule r
              LEFT JOIN res_country_department d ON d.id = p.country_department_id
             WHERE r.active AND r.company_id = %(company)s
               AND CASE r.rule_type
                     WHEN 'postcode' THEN p.zip LIKE r.zip_prefix || '%%'
                          AND (r.country_id IS NULL OR r.country_id = p.country_id)
                     WHEN 'department' THEN r.department_id = p.country_department_id
                     WHEN 'region' THEN r.region_id = COALESCE(d.state_id, p.state_id)
                     WHEN 'country' THEN r.country_id = p.country_id
                   END
             ORDER BY CASE r.rule_type WHEN 'postcode' THEN 4 WHEN 'department' THEN 3
                                       WHEN 'region' THEN 2 ELSE 1 END DESC,
                      length(r.zip_prefix) DESC NULLS LAST, r.id DESC
             LIMIT 1) AS sector_id
      FROM res_partner p
     WHERE p.id = ANY(%(ids)s)
  ) m
 WHERE p.id = m.id
"""


def bench_sectors(env):
    results = []
    for size in SIZES:
        partners = make_companies(env, size, f"S{size}")
        expected = {p.id: p.sector_id.id for p in partners}
        env.cr.execute(
            "UPDATE res_partner SET sector_id = NULL WHERE id = ANY(%s)", [partners.ids]
        )
        env.invalidate_all()
        with measure(env, f"sectors ours      {size:>6}", results):
            partners._crm_pme_assign_sectors()
        env.cr.execute(
            "UPDATE res_partner SET sector_id = NULL WHERE id = ANY(%s)", [partners.ids]
        )
        env.invalidate_all()
        with measure(env, f"sectors best SQL  {size:>6}", results):
            env.cr.execute(SQL_BEST, {"company": env.company.id, "ids": partners.ids})
        env.invalidate_all()
        same = all(p.sector_id.id == expected[p.id] for p in partners)
        results.append((f"  same answer: {same}", 0, 0))
    return results


TRADES = [
    "Boulangerie",
    "Garage",
    "Plomberie",
    "Menuiserie",
    "Transports",
    "Pharmacie",
    "Imprimerie",
    "Électricité",
    "Cabinet",
    "Fromagerie",
    "Charpente",
    "Informatique",
    "Paysages",
    "Couverture",
    "Optique",
    "Traiteur",
    "Maçonnerie",
    "Carrosserie",
    "Agence",
    "Atelier",
    "Boucherie",
    "Chauffage",
    "Peinture",
    "Serrurerie",
    "Ambulances",
    "Taxis",
    "Coiffure",
    "Fleurs",
    "Bureautique",
    "Nettoyage",
    "Conseil",
    "Études",
]
CITIES = [
    ("69003", "Lyon"),
    ("38000", "Grenoble"),
    ("75011", "Paris"),
    ("13001", "Marseille"),
    ("44000", "Nantes"),
    ("33000", "Bordeaux"),
    ("67000", "Strasbourg"),
    ("59000", "Lille"),
    ("31000", "Toulouse"),
    ("35000", "Rennes"),
]
FORMS = ["SARL", "SAS", "EURL", "SA", "", "", ""]


def company_names(count, seed):
    """French SMEs' names: a trade and one or two of Faker's 400 French
    surnames, often a legal form, the town for some."""
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    names = []
    for _i in range(count):
        words = [fake.random_element(TRADES), fake.last_name()]
        if fake.random_int(0, 9) < 3:
            words += ["et", fake.last_name()]
        if fake.random_int(0, 9) < 2:
            words.append(fake.random_element(CITIES)[1])
        words.append(fake.random_element(FORMS))
        names.append(" ".join(filter(None, words)))
    return names


def make_population(env, count):
    """Existing customers of the database that the files are checked against."""
    vals = []
    for i, name in enumerate(company_names(count, seed=1)):
        zip_code, city = CITIES[i % len(CITIES)]
        vals.append(
            {
                "name": name,
                "is_company": True,
                "zip": zip_code,
                "city": city,
                "street": f"{i % 200 + 1} rue de la République",
                "email": f"contact{i}@client{i}.fr",
                "phone": f"+33 4 {i // 1000000 % 100:02d} {i // 10000 % 100:02d} "
                f"{i // 100 % 100:02d} {i % 100:02d}",
                "country_id": env.ref("base.fr").id,
            }
        )
    env["res.partner"].with_context(tracking_disable=True).create(vals)
    env.flush_all()
    env.cr.execute("ANALYZE res_partner")


def make_file(count, existing):
    """A file of ``count`` companies from an old tool: one row in ten is a
    company of the database under another legal form."""
    header = "Nom;SIRET;Code NAF/APE;Rue;Code postal;Ville;Pays;Téléphone;E-mail"
    lines = [header]
    known = company_names(existing, seed=1)
    for i, name in enumerate(company_names(count, seed=2)):
        if i % 10 == 0:
            name = known[i * 7 % existing].rsplit(" ", 1)[0] + " SAS"
        zip_code, city = CITIES[i % len(CITIES)]
        lines.append(
            f"{name};;62.01Z;{i % 200 + 1} avenue Jean Jaurès;"
            f"{zip_code};{city};France;"
            f"05 {i // 1000000 % 100:02d} {i // 10000 % 100:02d} {i // 100 % 100:02d} "
            f"{i % 100:02d};"
            f"compta{i}@entreprise{i}.fr"
        )
    return "\n".join(lines).encode()


def bench_import_check(env):
    """Files of each size against the same database: the time per row must
    stay flat (linear total), the queries constant per batch of 500."""
    results = []
    existing = int(os.environ.get("BENCH_EXISTING", "20000"))
    make_population(env, existing)
    results.append((f"  database: {existing} existing companies", 0, 0))
    user = env.ref("base.user_admin")
    for size in SIZES:
        content = make_file(size, existing)
        wizard = (
            env["crm.pme.import.check"]
            .with_user(user)
            .create(
                {
                    "file": base64.b64encode(content),
                    "filename": "f.csv",
                    "batch_size": 500,
                }
            )
        )
        with measure(env, f"check ours        {size:>6}", results):
            # The check itself, in this transaction: action_check() queues
            # files above the synchronous limit for the background job.
            wizard._run_check()
        statuses = wizard.line_ids.mapped("status")
        results.append(
            (
                f"  ready {statuses.count('ready')}, warnings "
                f"{statuses.count('warning')}, refused {statuses.count('refused')}",
                0,
                0,
            )
        )
        # The duplicate search alone: the SQL floor of the check.
        rows = wizard._parse()[0]
        with measure(env, f"duplicate SQL     {size:>6}", results):
            for start in range(0, size, 500):
                wizard._database_duplicates(
                    list(enumerate(rows[start : start + 500], start))
                )
        rows = [line.split(";") for line in content.decode().splitlines()[1:]]
        fields = [
            "name",
            "siret",
            "naf_id",
            "street",
            "zip",
            "city",
            "country_id",
            "phone",
            "email",
        ]
        env.cr.execute("SAVEPOINT bench_load")
        with measure(env, f"Odoo load()       {size:>6}", results):
            env["res.partner"].load(fields, rows)
        env.cr.execute("ROLLBACK TO SAVEPOINT bench_load")
        env.invalidate_all()
    return results


def main():
    db = sys.argv[1] if len(sys.argv) > 1 else "crm_pme_bench"
    with odoo_env(db) as env:
        results = []
        if "sectors" in PARTS:
            results += bench_sectors(env)
        if "check" in PARTS:
            # The check's database must not hold the sector benchmark's
            # companies: a fresh transaction.
            env.cr.rollback()
            env.invalidate_all()
            results += bench_import_check(env)
    print(f"{'what':<32}{'seconds':>10}{'queries':>10}{'ms/row':>10}")
    for label, seconds, queries in results:
        if label.startswith("  "):  # a note, not a measure
            print(label)
            continue
        size = label.split()[-1]
        per_row = f"{1000 * seconds / int(size):.3f}" if size.isdigit() else ""
        print(f"{label:<32}{seconds:>10.3f}{queries:>10}{per_row:>10}")


if __name__ == "__main__":
    main()
