"""Run the crm_pme add-ons' tests on throwaway databases.

Run it with the Python of an Odoo 18.0 installation (``make test`` finds it):

    python scripts/odoo_test.py                       # all add-ons together
    python scripts/odoo_test.py --addons crm_pme_base # one add-on alone
    python scripts/odoo_test.py --each                # each alone, then all

For every run it creates a fresh database, installs the add-ons under test with
their dependencies, runs their tests (at_install and post_install), and drops
the database. The run fails on any failed or errored test and on any WARNING,
ERROR or CRITICAL line in Odoo's log, except the lines matched by
``.ci/log-allowlist.txt``. The last line printed is ``N passed, N failed``.
"""

import argparse
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ADDONS_DIR = REPO / "addons"
LOG_DIR = REPO / ".test-logs"
ALLOWLIST = REPO / ".ci" / "log-allowlist.txt"

LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<rest>.*)$"
)
BAD_LEVELS = {"WARNING", "ERROR", "CRITICAL"}
SUMMARY = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests"
    r" when loading database"
)


def project_addons():
    return sorted(
        p.name for p in ADDONS_DIR.iterdir() if (p / "__manifest__.py").is_file()
    )


def odoo_addons_path():
    """Core add-on folders of the running Odoo, then the project's."""
    import odoo

    package_dir = Path(odoo.__file__).resolve().parent
    paths = [package_dir / "addons"]
    source_addons = package_dir.parent / "addons"
    if (source_addons / "web" / "__manifest__.py").is_file():
        paths.append(source_addons)
    paths.append(ADDONS_DIR)
    return ",".join(str(p) for p in paths)


def load_allowlist():
    patterns = []
    if ALLOWLIST.is_file():
        for line in ALLOWLIST.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                patterns.append(re.compile(line))
    return patterns


def db_args(args):
    out = ["--db_host", args.db_host, "--db_port", str(args.db_port)]
    out += ["--db_user", args.db_user, "--db_password", args.db_password]
    return out


def drop_database(args, name):
    import psycopg2

    conn = psycopg2.connect(
        dbname="postgres",
        host=args.db_host,
        port=args.db_port,
        user=args.db_user,
        password=args.db_password,
    )
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def run_once(args, addons, allowlist):
    """Install ``addons`` on a new database and run their tests.

    Return (passed, failed, problems).
    """
    label = ",".join(addons)
    db = f"{args.db_prefix}_{uuid.uuid4().hex[:8]}"
    LOG_DIR.mkdir(exist_ok=True)
    log_path = LOG_DIR / f"{db}.log"
    tags = ",".join(f"/{a}" for a in addons)
    if args.test_tags:
        tags = args.test_tags
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        "--addons-path",
        odoo_addons_path(),
        *db_args(args),
        "-d",
        db,
        "-i",
        ",".join(addons),
        "--test-enable",
        "--test-tags",
        tags,
        "--stop-after-init",
        "--log-level",
        "info",
        "--http-port",
        str(args.http_port),
        "--max-cron-threads",
        "0",
    ]
    if args.without_demo:
        cmd += ["--without-demo", "all"]
    print(f"==> {label}: database {db}, log {log_path.relative_to(REPO)}", flush=True)
    started = time.monotonic()
    problems = []
    summary = None
    env = dict(os.environ, TZ="UTC")
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=REPO,
        )
        current = None
        for raw in proc.stdout:
            log.write(raw)
            line = raw.rstrip("\n")
            match = LOG_LINE.match(line)
            if match:
                current = match
                if match["level"] in BAD_LEVELS and not any(
                    p.search(line) for p in allowlist
                ):
                    problems.append(line)
                    print(line, flush=True)
                elif args.verbose:
                    print(line, flush=True)
                found = SUMMARY.search(line)
                if found:
                    summary = found
            elif current and current["level"] in BAD_LEVELS and problems:
                # Traceback lines that follow a reported line.
                if len(problems) < 2000:
                    print(line, flush=True)
        returncode = proc.wait()
    elapsed = time.monotonic() - started
    if not args.keep_db:
        drop_database(args, db)
    if summary:
        run = int(summary["run"])
        failed = int(summary["failed"]) + int(summary["errors"])
    else:
        run, failed = 0, 0
        problems.append("no test summary found in the log (did Odoo start?)")
    if returncode and not failed:
        problems.append(f"odoo exited with status {returncode}")
    passed = run - failed
    print(
        f"<== {label}: {run} tests, {failed} failed, "
        f"{len(problems)} log problem(s), {elapsed:.0f}s",
        flush=True,
    )
    return passed, failed, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--addons",
        default=os.environ.get("ADDONS", ""),
        help="comma-separated add-ons to test (default: every add-on in addons/)",
    )
    parser.add_argument(
        "--each",
        action="store_true",
        help="test each add-on alone on its own database, then all together",
    )
    parser.add_argument("--test-tags", default="", help="override --test-tags")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--without-demo", action="store_true")
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument("--db-prefix", default="crm_pme_test")
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

    known = project_addons()
    addons = [a.strip() for a in args.addons.split(",") if a.strip()] or known
    unknown = sorted(set(addons) - set(known))
    if unknown:
        parser.error(f"unknown add-on(s): {', '.join(unknown)}")

    runs = [[a] for a in addons] if args.each and len(addons) > 1 else []
    runs.append(addons)
    allowlist = load_allowlist()
    total_passed = total_failed = 0
    all_problems = []
    for run_addons in runs:
        passed, failed, problems = run_once(args, run_addons, allowlist)
        total_passed += passed
        total_failed += failed
        all_problems += [f"[{','.join(run_addons)}] {p}" for p in problems]
    if all_problems:
        print(f"\n{len(all_problems)} log problem(s):")
        for problem in all_problems[:50]:
            print(f"  {problem[:300]}")
        # A run with log problems counts as one failure, so that the
        # closing line never reads "0 failed" on a broken run.
        total_failed += 1
    print(f"{total_passed} passed, {total_failed} failed")
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main())
