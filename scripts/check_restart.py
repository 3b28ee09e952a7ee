"""Check that starting Odoo again on the same database damages nothing.

Run it with the Python of an Odoo 18.0 installation (``make check-restart``
finds it):

    python scripts/check_restart.py [--keep-db] [--no-update]

On a new database it runs the start path of ``make run`` (the Makefile's
``run`` target, that is scripts/start_odoo.py) three times, each time with
``--stop-after-init``:

1. first start: the add-ons are installed with demo data and French;
2. plain restart: it must pass Odoo no ``-i``, ``-u`` nor ``--load-language``,
   and leave every table exactly as it was: same row count and same checksum
   of every row, all columns included (``write_date`` too: a plain start
   writes nothing), and every id sequence where it was;
3. restart with ``UPDATE=1``: the add-ons are upgraded; no table gains or
   loses a row, and the records of the add-ons' ``noupdate`` data (the demo
   data, which Odoo always loads as noupdate, the crons and rules) keep every
   column as it was.

``--restart-odoo-args "-i crm_pme_base,..."`` gives the plain restart more
Odoo options: with ``-i`` it does what the start commands did before issue
13, and the check shows what that changed.

Every start must log no WARNING, ERROR or CRITICAL line (except those of
``.ci/log-allowlist.txt``, as for the tests). Logs are kept in
``.test-logs/``. The last line printed is ``N passed, N failed``.
"""

import argparse
import os
import re
import shlex
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg2
from psycopg2 import sql

sys.path.insert(0, str(Path(__file__).resolve().parent))
import odoo_test  # noqa: E402 - the test runner's log rules

REPO = odoo_test.REPO
LOG_DIR = odoo_test.LOG_DIR
START_NOTICE = re.compile(r"^crm-pme start: (?P<what>.*)$")
PLAIN_START = "every add-on is installed, starting without -i or -u"

# Tables whose row count an upgrade (-u) may change, and why. After an
# upgrade a table's rows are not compared column by column: Odoo rewrites the
# records of the add-ons' updatable data (views, menus, fields, actions...),
# their write_date included; only the noupdate records must stay as they were.
UPDATE_COUNT_EXCEPTIONS = {
    # Odoo asks its autovacuum cron to run a minute after every install or
    # upgrade (odoo/modules/loading.py): one more trigger row, used up when
    # the cron runs.
    "ir_cron_trigger": "autovacuum trigger of every upgrade",
}


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, label, details=()):
        print(f"{'PASS' if ok else 'FAIL'} {label}", flush=True)
        for line in list(details)[:40]:
            print(f"     {line}", flush=True)
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        return ok


def connect(args, dbname):
    return psycopg2.connect(
        dbname=dbname,
        host=args.db_host,
        port=args.db_port,
        user=args.db_user,
        password=args.db_password,
        application_name="crm-pme-check-restart",
    )


def tables(cr):
    cr.execute(
        """
        SELECT c.relname FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
         ORDER BY c.relname
        """
    )
    return [row[0] for row in cr.fetchall()]


def table_snapshot(args, dbname):
    """{table: (row count, checksum of all rows)} and {sequence: last value}."""
    result, sequences = {}, {}
    with connect(args, dbname) as conn, conn.cursor() as cr:
        for table in tables(cr):
            cr.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(h, '' ORDER BY h), ''))"
                    " FROM (SELECT md5(t::text) AS h FROM {} t) rows"
                ).format(sql.Identifier(table))
            )
            result[table] = cr.fetchone()
        cr.execute(
            "SELECT sequencename, last_value FROM pg_sequences"
            " WHERE schemaname = 'public'"
        )
        sequences = dict(cr.fetchall())
    conn.close()
    return result, sequences


def noupdate_records(args, dbname, addons):
    """{xml id: checksum of its row} for the add-ons' noupdate records."""
    result = {}
    with connect(args, dbname) as conn, conn.cursor() as cr:
        cr.execute(
            """
            SELECT d.module || '.' || d.name, m.model, d.res_id
              FROM ir_model_data d JOIN ir_model m ON m.model = d.model
             WHERE d.module = ANY(%s) AND d.noupdate
             ORDER BY 1
            """,
            [addons],
        )
        rows = cr.fetchall()
        table_names = set(tables(cr))
        for xmlid, model, res_id in rows:
            table = model.replace(".", "_")
            if table not in table_names:
                continue
            cr.execute(
                sql.SQL("SELECT md5(t::text) FROM {} t WHERE id = %s").format(
                    sql.Identifier(table)
                ),
                [res_id],
            )
            found = cr.fetchone()
            result[xmlid] = found[0] if found else None
    conn.close()
    return result


def start(args, dbname, step, update=False, odoo_args=""):
    """Run ``make run`` with --stop-after-init; return (notice, problems, s)."""
    LOG_DIR.mkdir(exist_ok=True)
    log_path = LOG_DIR / f"{dbname}-{step}.log"
    cmd = [
        "make",
        "--no-print-directory",
        "run",
        f"PY={sys.executable}",
        f"DB={dbname}",
        f"HTTP_PORT={args.http_port}",
        f"PGHOST={args.db_host}",
        f"PGPORT={args.db_port}",
        f"PGUSER={args.db_user}",
        f"PGPASSWORD={args.db_password}",
        f"UPDATE={'1' if update else ''}",
        f"ODOO_ARGS=--stop-after-init --max-cron-threads 0 {odoo_args}".strip(),
    ]
    if args.addons:
        cmd.append(f"ADDONS={args.addons}")
    print(f"==> {step}: {shlex.join(cmd[2:5])} ... (log {log_path.relative_to(REPO)})")
    env = {k: v for k, v in os.environ.items() if k != "CRM_PME_UPDATE"}
    env["TZ"] = "UTC"
    started = time.monotonic()
    notice, problems = None, []
    allowlist = odoo_test.load_allowlist()
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        current = None
        for raw in proc.stdout:
            log.write(raw)
            line = raw.rstrip("\n")
            found = START_NOTICE.match(line)
            if found:
                notice = found["what"]
                print(f"    {line}", flush=True)
                continue
            match = odoo_test.LOG_LINE.match(line)
            if match:
                current = match
                if match["level"] in odoo_test.BAD_LEVELS and not any(
                    p.search(line) for p in allowlist
                ):
                    problems.append(line[:300])
            elif current and current["level"] in odoo_test.BAD_LEVELS and problems:
                problems.append(f"  {line[:300]}")
        returncode = proc.wait()
    elapsed = time.monotonic() - started
    if returncode:
        problems.append(f"the start exited with status {returncode}")
    print(f"<== {step}: {elapsed:.0f}s", flush=True)
    return notice, problems, elapsed


def compare(before, after, label):
    """Lines saying which keys differ between two dicts."""
    lines = []
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            lines.append(f"{label} {key}: {before.get(key)} -> {after.get(key)}")
    return lines


def drop_database(args, dbname):
    conn = connect(args, "postgres")
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(dbname)
            )
        )
    conn.close()


def run_checks(args, dbname, checks):
    addons = [a for a in args.addons.split(",") if a] or odoo_test.project_addons()

    notice, problems, _s = start(args, dbname, "first-start")
    checks.check(
        notice is not None and "installing" in notice,
        "first start installs the add-ons",
        [f"start_odoo.py said: {notice}"],
    )
    if not checks.check(not problems, "first start logs no WARNING/ERROR", problems):
        return
    tables_1, sequences_1 = table_snapshot(args, dbname)
    records_1 = noupdate_records(args, dbname, addons)

    notice, problems, _s = start(
        args, dbname, "restart", odoo_args=args.restart_odoo_args
    )
    checks.check(
        notice is not None and notice.endswith(PLAIN_START),
        "restart passes no -i, -u nor --load-language",
        [f"start_odoo.py said: {notice}"],
    )
    checks.check(not problems, "restart logs no WARNING/ERROR", problems)
    tables_2, sequences_2 = table_snapshot(args, dbname)
    counts_1 = {t: v[0] for t, v in tables_1.items()}
    counts_2 = {t: v[0] for t, v in tables_2.items()}
    checks.check(
        counts_1 == counts_2,
        f"restart keeps the row count of every table ({len(tables_2)} tables)",
        compare(counts_1, counts_2, "rows of"),
    )
    checks.check(
        tables_1 == tables_2,
        "restart changes no row of any table (checksum of all columns)",
        compare(tables_1, tables_2, "table"),
    )
    checks.check(
        sequences_1 == sequences_2,
        f"restart takes no new id ({len(sequences_2)} sequences)",
        compare(sequences_1, sequences_2, "sequence"),
    )

    if args.no_update:
        return
    notice, problems, _s = start(args, dbname, "update", update=True)
    checks.check(
        notice is not None and "upgrading" in notice and "installing" not in notice,
        "UPDATE=1 upgrades the installed add-ons",
        [f"start_odoo.py said: {notice}"],
    )
    checks.check(not problems, "UPDATE=1 logs no WARNING/ERROR", problems)
    tables_3, _sequences_3 = table_snapshot(args, dbname)
    counts_3 = {
        t: v[0] for t, v in tables_3.items() if t not in UPDATE_COUNT_EXCEPTIONS
    }
    counts_2 = {t: n for t, n in counts_2.items() if t not in UPDATE_COUNT_EXCEPTIONS}
    checks.check(
        counts_2 == counts_3,
        "UPDATE=1 adds or removes no row in any table",
        compare(counts_2, counts_3, "rows of"),
    )
    records_3 = noupdate_records(args, dbname, addons)
    checks.check(
        records_1 == records_3,
        f"UPDATE=1 leaves the demo and other noupdate records as they were "
        f"({len(records_3)} records)",
        compare(records_1, records_3, "record"),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--addons",
        default=os.environ.get("ADDONS", ""),
        help="comma-separated add-ons (default: every add-on in addons/)",
    )
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--no-update", action="store_true", help="skip the UPDATE=1 restart"
    )
    parser.add_argument(
        "--restart-odoo-args",
        default="",
        metavar="OPTIONS",
        help="more Odoo options for the plain restart (e.g. '-i crm_pme_sales' "
        "to see what an install on every start did)",
    )
    parser.add_argument("--db-prefix", default="crm_pme_restart")
    parser.add_argument("--db-host", default=os.environ.get("PGHOST", "127.0.0.1"))
    parser.add_argument(
        "--db-port", type=int, default=int(os.environ.get("PGPORT", "5432"))
    )
    parser.add_argument("--db-user", default=os.environ.get("PGUSER", "odoo"))
    parser.add_argument("--db-password", default=os.environ.get("PGPASSWORD", "odoo"))
    parser.add_argument(
        "--http-port", type=int, default=int(os.environ.get("ODOO_HTTP_PORT", 8169))
    )
    args = parser.parse_args()

    dbname = f"{args.db_prefix}_{uuid.uuid4().hex[:8]}"
    checks = Checks()
    started = time.monotonic()
    try:
        run_checks(args, dbname, checks)
    finally:
        if not args.keep_db:
            drop_database(args, dbname)
    print(f"check_restart: {time.monotonic() - started:.0f}s, database {dbname}")
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
