"""Run the crm_pme add-ons' tests on throwaway databases.

Run it with the Python of an Odoo 18.0 installation (``make test`` finds it):

    python scripts/odoo_test.py                       # all add-ons together
    python scripts/odoo_test.py --addons crm_pme_base # one add-on alone
    python scripts/odoo_test.py --each                # each alone, then all
    python scripts/odoo_test.py --each --upstream     # what CI runs
    python scripts/odoo_test.py --upstream-only       # the upstream run alone
    python scripts/odoo_test.py --upstream-baseline   # same, without crm_pme

For every run it creates a fresh database, installs the add-ons under test with
their dependencies, runs their tests (at_install and post_install), and drops
the database. The run fails on any failed or errored test and on any WARNING,
ERROR or CRITICAL line in Odoo's log, except the lines matched by
``.ci/log-allowlist.txt``. The last line printed is ``N passed, N failed``.

The upstream run (``--upstream``, ``--upstream-only``) installs every crm_pme
add-on with demo data, then runs the tests of the modules they extend
(``UPSTREAM_MODULES``), at_install and post_install ones, once the full
registry is loaded (``scripts/odoo_full_registry_tests.py``): the code of the
suite is then in the way of every upstream test. The tests listed in
``.ci/upstream-known-failures.txt`` (they fail the same way without the suite,
see ``--upstream-baseline``) and the log lines matched by
``.ci/upstream-log-allowlist.txt`` are not counted as failures.
"""

import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ADDONS_DIR = REPO / "addons"
LOG_DIR = REPO / ".test-logs"
ALLOWLIST = REPO / ".ci" / "log-allowlist.txt"
UPSTREAM_ALLOWLIST = REPO / ".ci" / "upstream-log-allowlist.txt"
KNOWN_FAILURES = REPO / ".ci" / "upstream-known-failures.txt"
EXCLUDED = REPO / ".ci" / "upstream-excluded.txt"
FULL_REGISTRY_TESTS = REPO / "scripts" / "odoo_full_registry_tests.py"

# The modules the suite extends whose own tests run with the suite installed.
UPSTREAM_MODULES = (
    "crm",
    "sale",
    "sale_management",
    "sale_crm",
    "mass_mailing",
    "crm_phonecall",
    "helpdesk_mgmt",
    "helpdesk_mgmt_sla",
    "l10n_fr_siret",
    "phone_validation",
)

LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<rest>.*)$"
)
BAD_LEVELS = {"WARNING", "ERROR", "CRITICAL"}
SUMMARY = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests"
    r" when loading database"
)
# "<db> <logger>: <message>", the part of a log line after the level.
LOGGER_MESSAGE = re.compile(r"^\S+ (?P<logger>[\w.]+): (?P<message>.*)$")
TEST_LOGGER = re.compile(r"^odoo\.addons\.(?P<module>\w+)\.tests\b")
TEST_START = re.compile(r"^Starting (?:Subtest )?(?P<test>\w+\.\w+)\b")
# A failed test: "FAIL: TestClass.test_method" or "ERROR: Subtest ...", and
# the errors of a whole class, "ERROR: setUpClass (odoo.addons.m.tests.t.Class)".
TEST_FAILURE = re.compile(r"^(?:FAIL|ERROR): (?:Subtest )?(?P<test>\w+\.\w+)\b")
CLASS_FAILURE = re.compile(
    r"^(?:FAIL|ERROR): \w+ \(odoo\.addons\.(?P<module>\w+)\.tests\.[\w.]*?"
    r"(?P<klass>\w+)\)"
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


def manifest_depends(addon):
    manifest = ADDONS_DIR / addon / "__manifest__.py"
    return ast.literal_eval(manifest.read_text())["depends"]


def dependencies(addons):
    """Modules outside the repository that ``addons`` declare as depends."""
    depends = set()
    for addon in addons:
        depends.update(manifest_depends(addon))
    return sorted(depends - set(project_addons()))


def external_dependencies(addons):
    """Modules outside the repository that ``addons`` need, directly or
    through the repository's add-ons they depend on."""
    ours = set(project_addons())
    seen, todo = set(), list(addons)
    while todo:
        addon = todo.pop()
        if addon not in seen:
            seen.add(addon)
            todo += [d for d in manifest_depends(addon) if d in ours]
    return dependencies(sorted(seen))


def load_allowlist(path=ALLOWLIST, need_reason=False):
    """Regular expressions of a log allow-list, one a line.

    With ``need_reason``, every expression must follow a comment line that
    says why the log line is accepted.
    """
    patterns = []
    if not path.is_file():
        return patterns
    reason = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if line.startswith("#"):
            reason = reason or bool(line.lstrip("# "))
        elif not line:
            reason = False
        else:
            if need_reason and not reason:
                sys.exit(f"{path.name}:{number}: say why above the expression")
            patterns.append(re.compile(line))
    return patterns


def load_known_failures(path=KNOWN_FAILURES):
    """``{test id: reason}`` from .ci/upstream-known-failures.txt (or
    .ci/upstream-excluded.txt with ``path``).

    A line is ``/module:TestClass.test_method reason`` (or ``/module:TestClass
    reason`` for a whole class); the reason is required.
    """
    known = {}
    if not path.is_file():
        return known
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        test, _sep, reason = line.partition(" ")
        if not re.fullmatch(r"/\w+:\w+(\.\w+)?", test) or not reason.strip():
            sys.exit(
                f"{path.name}:{number}: expected "
                f"'/module:TestClass.test_method reason', got {line!r}"
            )
        known[test] = reason.strip()
    return known


def is_known(test, known):
    """Whether ``test`` (``/module:Class.method``) is a known failure."""
    return test in known or test.split(".")[0] in known


def db_args(args):
    out = ["--db_host", args.db_host, "--db_port", str(args.db_port)]
    out += ["--db_user", args.db_user, "--db_password", args.db_password]
    return out


def sql(args, query, dbname="postgres"):
    """Run ``query`` (autocommit) on ``dbname``; return its rows, if any."""
    import psycopg2

    conn = psycopg2.connect(
        dbname=dbname,
        host=args.db_host,
        port=args.db_port,
        user=args.db_user,
        password=args.db_password,
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(query)
            return cr.fetchall() if cr.description else []
    finally:
        conn.close()


def drop_database(args, name):
    from odoo.tools import config

    sql(args, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    shutil.rmtree(config.filestore(name), ignore_errors=True)


def copy_database(args, source, target):
    """``target`` as a copy of ``source``, its filestore included."""
    from odoo.tools import config

    sql(args, f'CREATE DATABASE "{target}" WITH TEMPLATE "{source}"')
    filestore = Path(config.filestore(source))
    if filestore.is_dir():
        shutil.copytree(filestore, Path(config.filestore(target)))


class Templates:
    """Databases where only the modules outside the repository are installed,
    with demo data, copied for each run instead of installing them again.

    A run of ``crm_pme_marketing`` alone starts from a copy of a database
    holding exactly the Odoo and OCA modules it depends on, then installs the
    add-on (and the repository's add-ons it depends on) and runs the tests,
    as a fresh install would. A template is built from the largest template
    already built whose modules it includes: each module is installed once
    per CI run, not once per run. ``--no-template`` installs everything in
    the test run, as before."""

    def __init__(self, args, allowlist):
        self.args = args
        self.allowlist = allowlist
        self.built = {}  # frozenset of modules: database name
        self.installed = {}  # database name: names of its installed modules

    def prepare(self, module_sets):
        """Build the templates of ``module_sets``, smallest first, so that
        each is built on the largest one it includes."""
        for modules in sorted({frozenset(m) for m in module_sets}, key=len):
            self._template(modules)

    def database_for(self, modules):
        """A new database, copy of the template of ``modules``."""
        template = self._template(frozenset(modules))
        db, _log = new_database(self.args)
        copy_database(self.args, template, db)
        return db

    def _template(self, modules):
        if modules in self.built:
            return self.built[modules]
        bases = [m for m in self.built if m <= modules]
        base = max(bases, key=len) if bases else None
        db, log_path = new_database(self.args, "_tpl")
        todo = sorted(modules)
        if base is not None:
            # What the base template has, its modules' own dependencies
            # included (-i of an installed module would reload its data).
            todo = sorted(modules - self.installed[self.built[base]])
            copy_database(self.args, self.built[base], db)
        started = time.monotonic()
        if not todo:
            self.built[modules] = db
            self.installed[db] = self.installed[self.built[base]]
            return db
        options = ["-i", ",".join(todo)]
        if self.args.without_demo:
            options += ["--without-demo", "all"]
        scan, returncode = run_odoo(
            self.args, odoo_command(self.args, db, *options), log_path, self.allowlist
        )
        problems = [
            line
            for lines in scan.bad.values()
            for line in lines
            if LOG_LINE.match(line)
        ]
        if returncode or problems:
            print(
                f"template {db}: installing {', '.join(todo)} failed "
                f"(status {returncode}, see {log_path.relative_to(REPO)})"
                + "".join(f"\n  {line[:300]}" for line in problems[:5]),
                flush=True,
            )
            print("0 passed, 1 failed")
            sys.exit(1)
        print(
            f"    template {db}: {len(todo)} module(s) installed"
            f"{' on a copy of ' + self.built[base] if base is not None else ''}, "
            f"{time.monotonic() - started:.0f}s",
            flush=True,
        )
        self.built[modules] = db
        self.installed[db] = {
            name
            for (name,) in sql(
                self.args,
                "SELECT name FROM ir_module_module WHERE state = 'installed'",
                dbname=db,
            )
        }
        return db

    def drop(self):
        for db in self.built.values():
            drop_database(self.args, db)
        self.built.clear()


class LogScan:
    """What one Odoo process logged: test summary, failed tests, bad lines."""

    def __init__(self, allowlist, verbose=False):
        self.allowlist = allowlist
        self.verbose = verbose
        self.summary = None
        # Bad lines (and their traceback lines): test id (or None) -> lines.
        self.bad = {}
        # Failure or error records of each failed test.
        self.failures = {}
        self.test = None
        self._current = None
        self._printing = False

    def feed(self, line):
        match = LOG_LINE.match(line)
        if not match:
            # Traceback lines that follow a reported line.
            if self._printing and len(self.bad[self._current]) < 2000:
                self.bad[self._current].append(line)
                print(line, flush=True)
            return
        self._printing = False
        found = SUMMARY.search(line)
        if found:
            # Counted as tests, not as a log problem.
            self.summary = found
            return
        test = self._test_of(match["rest"])
        if match["level"] in BAD_LEVELS and not any(
            p.search(line) for p in self.allowlist
        ):
            self._current = test
            self.bad.setdefault(test, []).append(line)
            self._printing = True
            print(line, flush=True)
        elif self.verbose:
            print(line, flush=True)

    def _test_of(self, rest):
        """Test a log line belongs to, as ``/module:Class.method``."""
        parts = LOGGER_MESSAGE.match(rest)
        if not parts:
            return self.test
        message = parts["message"]
        failed = CLASS_FAILURE.match(message)
        if failed:
            test = f"/{failed['module']}:{failed['klass']}"
            self.failures[test] = self.failures.get(test, 0) + 1
            return test
        if parts["logger"] == "odoo_full_registry_tests":
            # Between two suites: no test is running.
            self.test = None
        module = TEST_LOGGER.match(parts["logger"])
        if not module:
            return self.test
        started = TEST_START.match(message)
        if started:
            self.test = f"/{module['module']}:{started['test']}"
            return self.test
        failed = TEST_FAILURE.match(message)
        if failed:
            test = f"/{module['module']}:{failed['test']}"
            self.failures[test] = self.failures.get(test, 0) + 1
            return test
        return self.test

    def result(self, returncode, known=None):
        """(run, failed, problems, known failures seen), ``known`` excused."""
        known = known or {}
        seen = sorted(t for t in self.failures if is_known(t, known))
        excused = sum(self.failures[t] for t in seen)
        problems = [
            line
            for test, lines in self.bad.items()
            if not (test and test in seen)
            for line in lines
            if LOG_LINE.match(line)
        ]
        if self.summary:
            run = int(self.summary["run"])
            failed = int(self.summary["failed"]) + int(self.summary["errors"])
            failed -= excused
        else:
            run, failed = 0, 0
            problems.append("no test summary found in the log (did Odoo start?)")
        if returncode and not failed and not seen:
            problems.append(f"odoo exited with status {returncode}")
        return run, failed, problems, seen


def odoo_command(args, db, *options, script=None):
    """Command line of an Odoo process on ``db`` (``python -m odoo`` or a script)."""
    start = [str(script)] if script else ["-m", "odoo"]
    return [
        sys.executable,
        *start,
        "--addons-path",
        odoo_addons_path(),
        *db_args(args),
        "-d",
        db,
        *options,
        "--stop-after-init",
        "--log-level",
        "info",
        "--http-port",
        str(args.http_port),
        "--max-cron-threads",
        "0",
    ]


def run_odoo(args, cmd, log_path, allowlist):
    """Run ``cmd``, write its output to ``log_path``; return (LogScan, status)."""
    scan = LogScan(allowlist, verbose=args.verbose)
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
        for raw in proc.stdout:
            log.write(raw)
            scan.feed(raw.rstrip("\n"))
        returncode = proc.wait()
    return scan, returncode


def new_database(args, kind=""):
    db = f"{args.db_prefix}{kind}_{uuid.uuid4().hex[:8]}"
    LOG_DIR.mkdir(exist_ok=True)
    return db, LOG_DIR / f"{db}.log"


def run_once(args, addons, allowlist, templates=None):
    """Install ``addons`` on a new database (a copy of the template of their
    dependencies, with ``templates``) and run their tests.

    Return (passed, failed, problems).
    """
    label = ",".join(addons)
    if templates is not None:
        db = templates.database_for(external_dependencies(addons))
        log_path = LOG_DIR / f"{db}.log"
    else:
        db, log_path = new_database(args)
    tags = args.test_tags or ",".join(f"/{a}" for a in addons)
    options = ["-i", ",".join(addons), "--test-enable", "--test-tags", tags]
    if args.without_demo:
        options += ["--without-demo", "all"]
    print(f"==> {label}: database {db}, log {log_path.relative_to(REPO)}", flush=True)
    started = time.monotonic()
    scan, returncode = run_odoo(
        args, odoo_command(args, db, *options), log_path, allowlist
    )
    elapsed = time.monotonic() - started
    if not args.keep_db:
        drop_database(args, db)
    run, failed, problems, _seen = scan.result(returncode)
    passed = run - failed
    print(
        f"<== {label}: {run} tests, {failed} failed, "
        f"{len(problems)} log problem(s), {elapsed:.0f}s",
        flush=True,
    )
    return passed, failed, problems


def run_upstream(args, addons, allowlist, baseline=False, templates=None):
    """Run the upstream modules' tests on a database with ``addons`` installed.

    With ``baseline``, install only the modules ``addons`` depend on, and
    count every failure (known failures are what this run finds).
    Return (passed, failed, problems).
    """
    modules = [m.strip() for m in args.upstream_modules.split(",") if m.strip()]
    install = dependencies(addons) if baseline else addons
    label = "upstream baseline" if baseline else "upstream"
    tags = default_tags = ",".join(f"/{m}" for m in modules)
    if args.test_tags and not args.upstream:
        tags = args.test_tags
    # Upstream tests that contradict a rule the suite enforces on purpose
    # (.ci/upstream-excluded.txt says which rule): not run with the suite.
    excluded = {} if baseline else load_known_failures(EXCLUDED)
    for test in sorted(excluded):
        if test.split(":")[0][1:] in modules:
            print(f"    excluded upstream test {test}: {excluded[test]}")
            tags += f",-{test}"
    if templates is not None and not baseline:
        db = templates.database_for(external_dependencies(addons))
        log_path = LOG_DIR / f"{db}_upstream.log"
    else:
        db, log_path = new_database(args, "_upstream")
    print(
        f"==> {label}: install {','.join(install)}; test {tags}; "
        f"database {db}, log {log_path.relative_to(REPO)}",
        flush=True,
    )
    started = time.monotonic()
    # Install without tests, with demo data, then test on the full registry.
    install_log = log_path.with_name(f"{db}-install.log")
    scan, returncode = run_odoo(
        args,
        odoo_command(args, db, "-i", ",".join(install)),
        install_log,
        allowlist,
    )
    problems = [
        line for lines in scan.bad.values() for line in lines if LOG_LINE.match(line)
    ]
    if returncode:
        problems.append(f"install: odoo exited with status {returncode}")
    installed = time.monotonic()
    known = {} if baseline else load_known_failures()
    run = failed = 0
    seen = []
    if not problems:
        scan, returncode = run_odoo(
            args,
            odoo_command(args, db, "--test-tags", tags, script=FULL_REGISTRY_TESTS),
            log_path,
            allowlist + load_allowlist(UPSTREAM_ALLOWLIST, need_reason=True),
        )
        run, failed, test_problems, seen = scan.result(returncode, known)
        problems += test_problems
    elapsed = time.monotonic() - started
    if not args.keep_db:
        drop_database(args, db)
    for test in seen:
        reason = known.get(test) or known.get(test.split(".")[0])
        print(f"    known upstream failure {test}: {reason}")
    for test in sorted(known):
        tested = test.split(":")[0][1:] in modules and tags == default_tags
        if tested and not any(is_known(name, {test: ""}) for name in seen):
            print(f"    known upstream failure {test} passed: remove it from the list")
    for test in sorted(set(scan.failures) - set(seen)):
        print(f"    failed: {test}")
    print(
        f"<== {label}: {run} tests, {failed} failed, {len(seen)} known upstream "
        f"failure(s), {len(problems)} log problem(s), {elapsed:.0f}s "
        f"(install {installed - started:.0f}s)",
        flush=True,
    )
    passed = max(0, run - failed - sum(scan.failures[t] for t in seen))
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
    parser.add_argument(
        "--upstream",
        action="store_true",
        help="then run the upstream modules' tests with every add-on installed",
    )
    parser.add_argument(
        "--upstream-only",
        action="store_true",
        help="run only the upstream modules' tests with every add-on installed",
    )
    parser.add_argument(
        "--upstream-baseline",
        action="store_true",
        help="run the upstream modules' tests without the add-ons (their "
        "dependencies only), to find the known upstream failures",
    )
    parser.add_argument(
        "--upstream-modules",
        default=",".join(UPSTREAM_MODULES),
        help="comma-separated modules whose tests the upstream run runs",
    )
    parser.add_argument(
        "--test-tags",
        default="",
        help="override --test-tags (of the upstream run with --upstream-only "
        "or --upstream-baseline)",
    )
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--no-template",
        action="store_true",
        help="install the modules outside the repository in every run instead "
        "of copying a database where they are installed",
    )
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
    if args.upstream_only or args.upstream_baseline:
        runs = []
    allowlist = load_allowlist()
    templates = None if args.no_template else Templates(args, allowlist)
    try:
        return run_all(args, runs, addons, allowlist, templates)
    finally:
        if templates is not None and not args.keep_db:
            templates.drop()


def run_all(args, runs, addons, allowlist, templates):
    upstream = args.upstream or args.upstream_only
    if templates is not None:
        templates.prepare(
            [external_dependencies(r) for r in runs]
            + ([external_dependencies(addons)] if upstream else [])
        )
    total_passed = total_failed = 0
    all_problems = []
    for run_addons in runs:
        passed, failed, problems = run_once(args, run_addons, allowlist, templates)
        total_passed += passed
        total_failed += failed
        all_problems += [f"[{','.join(run_addons)}] {p}" for p in problems]
    if args.upstream or args.upstream_only or args.upstream_baseline:
        passed, failed, problems = run_upstream(
            args,
            addons,
            allowlist,
            baseline=args.upstream_baseline,
            templates=templates,
        )
        total_passed += passed
        total_failed += failed
        all_problems += [f"[upstream] {p}" for p in problems]
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
