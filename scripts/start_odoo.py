#!/usr/bin/env python3
"""Start Odoo on a CRM PME database: install what is missing, else just start.

``make run`` and the Docker image's ``odoo`` service start Odoo through this
script, with the Python of the Odoo install:

    python scripts/start_odoo.py [--addons A,B] [--update] -- ODOO_OPTIONS...

It reads the database name (``-d``) and the PostgreSQL settings from
ODOO_OPTIONS and Odoo's configuration file (``-c`` or ``$ODOO_RC``), asks the
database which of the add-ons are installed, then runs Odoo with
ODOO_OPTIONS and:

- ``-i`` with the add-ons the database does not have yet (all of them on a new
  database, which Odoo then creates, with demo data unless the configuration
  says ``without_demo``);
- ``-u`` with the installed ones only when ``--update`` is given (or
  ``CRM_PME_UPDATE=1`` is in the environment), and with any add-on left
  half-upgraded by an interrupted upgrade;
- ``--load-language`` only while the language is not installed;
- nothing more when the database has everything: a plain restart loads no
  data file, so it changes nothing in the database.

Passing ``-i`` or ``-u`` yourself in ODOO_OPTIONS turns all this off: Odoo is
then run with your options only. ``--dry-run`` prints the command instead of
running it.
"""

import argparse
import os
import shlex
import sys
import time
from pathlib import Path

# States of ir_module_module in which an add-on's tables and data are there.
PRESENT_STATES = {"installed", "to upgrade", "to remove"}
TRUE_WORDS = {"1", "true", "yes", "on"}


def default_addons():
    """Every add-on of the repository's addons/ folder, when run from it."""
    addons_dir = Path(__file__).resolve().parent.parent / "addons"
    if not addons_dir.is_dir():
        return ""
    manifests = sorted(addons_dir.glob("*/__manifest__.py"))
    return ",".join(manifest.parent.name for manifest in manifests)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        usage="%(prog)s [options] -- ODOO_OPTIONS...",
    )
    parser.add_argument(
        "--addons",
        default=os.environ.get("CRM_PME_ADDONS") or default_addons(),
        help="comma-separated add-ons the database must have (default: "
        "$CRM_PME_ADDONS, else every add-on of the repository's addons/)",
    )
    parser.add_argument(
        "--update",
        action="store_true",
        default=os.environ.get("CRM_PME_UPDATE", "").strip().lower() in TRUE_WORDS,
        help="also upgrade (-u) the installed add-ons "
        "(default: on when CRM_PME_UPDATE=1)",
    )
    parser.add_argument(
        "--load-language",
        default="fr_FR",
        metavar="LANG",
        help="language to load while it is not installed (default fr_FR; empty: none)",
    )
    parser.add_argument(
        "--launcher",
        default=shlex.join([sys.executable, "-m", "odoo"]),
        help="command that runs Odoo, ODOO_OPTIONS appended (default: this "
        "Python's -m odoo; the Docker image: '/entrypoint.sh odoo')",
    )
    parser.add_argument(
        "--wait",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="how long to wait for PostgreSQL to answer (default 30)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the Odoo command instead of running it",
    )
    parser.add_argument("odoo_options", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.odoo_options[:1] == ["--"]:
        args.odoo_options = args.odoo_options[1:]
    args.addons = [a.strip() for a in args.addons.split(",") if a.strip()]
    if not args.addons:
        parser.error("no add-on given (--addons)")
    return args


def read_odoo_config(odoo_options):
    """Odoo's configuration for these options (command line, then file)."""
    from odoo.tools import config

    config.parse_config(list(odoo_options), setup_logging=False)
    return config


def connect(dbname, wait=0.0):
    """A connection to ``dbname`` with Odoo's settings, trying again for up
    to ``wait`` seconds while the server does not answer."""
    import psycopg2

    from odoo.sql_db import connection_info_for

    _name, params = connection_info_for(dbname)
    params = dict(params, application_name="crm-pme-start")
    deadline = time.monotonic() + wait
    while True:
        try:
            return psycopg2.connect(**params)
        except psycopg2.OperationalError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(1)


def database_state(dbname, addons, lang, wait):
    """(states, lang_active): each add-on's ir_module_module state (None when
    unknown to the database), and whether ``lang`` is installed. A database
    that does not exist or is empty has no add-on and no language."""
    nothing = dict.fromkeys(addons), False
    # Ask the server whether the database exists, so that a server that is
    # down is an error rather than a "new database".
    server = connect("postgres", wait)
    try:
        with server.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname])
            exists = bool(cr.fetchone())
    finally:
        server.close()
    if not exists:
        return nothing
    conn = connect(dbname)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT to_regclass('ir_module_module'), to_regclass('res_lang')"
            )
            if None in cr.fetchone():
                return nothing
            cr.execute(
                "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)",
                [addons],
            )
            states = dict.fromkeys(addons)
            states.update(cr.fetchall())
            cr.execute(
                "SELECT bool_or(active) FROM res_lang WHERE code = %s", [lang or ""]
            )
            lang_active = bool(cr.fetchone()[0])
    finally:
        conn.close()
    return states, lang_active


def plan(args, states, lang_active):
    """The options to add to Odoo's command line, and a sentence saying why."""
    missing = [a for a in args.addons if states.get(a) not in PRESENT_STATES]
    half_upgraded = [a for a in args.addons if states.get(a) == "to upgrade"]
    upgrade = [
        a
        for a in args.addons
        if a not in missing and (args.update or a in half_upgraded)
    ]
    extra, said = [], []
    if missing:
        extra += ["-i", ",".join(missing)]
        said.append(f"installing {', '.join(missing)}")
    if upgrade:
        extra += ["-u", ",".join(upgrade)]
        said.append(f"upgrading {', '.join(upgrade)}")
    if args.load_language and not lang_active:
        extra.append(f"--load-language={args.load_language}")
        said.append(f"loading the language {args.load_language}")
    if not said:
        said.append("every add-on is installed, starting without -i or -u")
    return extra, "; ".join(said)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    config = read_odoo_config(args.odoo_options)
    dbname = config["db_name"]
    extra = []
    if config["init"] or config["update"]:
        why = "-i or -u given: running Odoo with the options given only"
    elif not dbname or "," in dbname:
        why = "no single database (-d): running Odoo with the options given only"
    else:
        try:
            states, lang_active = database_state(
                dbname, args.addons, args.load_language, args.wait
            )
        except Exception as error:  # any failure: do not guess, do not start
            reason = " ".join(str(error).split())
            print(
                f"crm-pme start: cannot read the database {dbname!r} ({reason}); "
                "not starting, so as to install nothing twice.",
                file=sys.stderr,
            )
            return 2
        extra, why = plan(args, states, lang_active)
        why = f"database {dbname}: {why}"
    command = [*shlex.split(args.launcher), *args.odoo_options, *extra]
    print(f"crm-pme start: {why}", file=sys.stderr, flush=True)
    if args.dry_run:
        print(shlex.join(command))
        return 0
    os.execvp(command[0], command)
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main())
