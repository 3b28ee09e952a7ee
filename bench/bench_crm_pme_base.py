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

# BENCH_SIZES=1000,2000 for a quicker run.
SIZES = tuple(
    int(size) for size in os.environ.get("BENCH_SIZES", "1000,5000,10000").split(",")
)


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


def make_file(count):
    header = "Nom;SIRET;Code NAF/APE;Rue;Code postal;Ville;Pays;Téléphone;E-mail"
    lines = [header]
    for i in range(count):
        lines.append(
            f"Fichier Bench {i};;62.01Z;{i} rue du Fichier;69003;Lyon;France;"
            f"+33 4 72 {i % 100:02d} {i // 100 % 100:02d} 00;"
            f"contact{i}@bench-fichier.fr"
        )
    return "\n".join(lines).encode()


def bench_import_check(env):
    results = []
    user = env.ref("base.user_admin")
    for size in SIZES:
        content = make_file(size)
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
            wizard.action_check()
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
        results = bench_sectors(env) + bench_import_check(env)
    print(f"{'what':<32}{'seconds':>10}{'queries':>10}{'ms/row':>10}")
    for label, seconds, queries in results:
        size = label.split()[-1]
        per_row = f"{1000 * seconds / int(size):.3f}" if size.isdigit() else ""
        print(f"{label:<32}{seconds:>10.3f}{queries:>10}{per_row:>10}")


if __name__ == "__main__":
    main()
