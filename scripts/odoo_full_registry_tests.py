"""Run Odoo tests on an installed database with its full registry loaded.

Odoo's own runner runs a module's ``at_install`` tests while that module is
being installed, before the modules that depend on it are loaded: the tests
of ``crm`` never see the add-ons that extend ``crm``. This script runs the
tests selected by ``--test-tags`` (their ``at_install`` tests first, then
their ``post_install`` tests, as Odoo orders them) on a database that is
already installed, once every installed module is loaded:

    python scripts/odoo_full_registry_tests.py -d DB --addons-path ... \\
        --test-tags /crm,/sale --http-port 8169

It takes Odoo's server options and installs or updates nothing (``-i`` and
``-u`` are refused). It starts the HTTP server like ``odoo --test-enable``
does, for the browser tests, and logs the same closing line as Odoo, ``N
failed, N error(s) of N tests when loading database 'DB'``. The exit status
is 0 when every test passed. ``scripts/odoo_test.py --upstream`` uses it.
"""

import csv
import logging
import sys
import threading
import time

import odoo
from odoo.modules.registry import Registry
from odoo.service import server
from odoo.tools import config

# odoo.tests is imported once the options set the test mode: imported before,
# it logs an error ("Importing test framework ... when not running in test
# mode"), as it does in Odoo's own server.

_logger = logging.getLogger("odoo_full_registry_tests")

# A --test-tags value that selects no test: loading the registry with it keeps
# Odoo's test mode (test report, read-only cursors) but runs nothing while
# the modules load, so that every selected test runs on the full registry.
NO_TEST = "-*"


def tested_modules(registry, tags):
    """Installed modules whose tests ``tags`` may select."""
    from odoo.tests.tag_selector import TagsSelector

    installed = sorted(registry._init_modules)
    named = {test_filter[1] for test_filter in TagsSelector(tags).include}
    if None in named:
        # A filter without a module (e.g. a bare tag): look everywhere.
        return installed
    return [name for name in installed if name in named]


def run_tests(dbname, tags):
    """Load ``dbname``'s registry, then run the tests ``tags`` selects."""
    from odoo.tests import loader

    threading.current_thread().dbname = dbname
    config["test_tags"] = NO_TEST
    registry = Registry.new(dbname)
    config["test_tags"] = tags
    report = registry._assertion_report
    modules = tested_modules(registry, tags)
    _logger.info("Full registry loaded; testing %s", ", ".join(modules))
    started, queries = time.time(), odoo.sql_db.sql_counter
    assets_ready = False
    for position in ("at_install", "post_install"):
        suite = loader.make_suite(modules, position)
        if suite.has_http_case() and not assets_ready:
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                env["ir.qweb"]._pregenerate_assets_bundles()
            assets_ready = True
        before = report.testsRun
        result = loader.run_suite(suite, global_report=report)
        report.update(result)
        _logger.info(
            "%d %s tests on the full registry", report.testsRun - before, position
        )
    _logger.info(
        "%d tests in %.2fs, %s queries",
        report.testsRun,
        time.time() - started,
        odoo.sql_db.sql_counter - queries,
    )
    report.log_stats()
    return report


def main(args):
    config.parse_config(args, setup_logging=True)
    dbname = config["db_name"]
    tags = config["test_tags"]
    if not dbname or "," in dbname:
        sys.exit("odoo_full_registry_tests: give one database with -d")
    if not tags:
        sys.exit("odoo_full_registry_tests: give the tests to run with --test-tags")
    if config["init"] or config["update"]:
        sys.exit("odoo_full_registry_tests: install the modules first (no -i/-u)")
    # As Odoo's server command does, for attachments in CSV test data.
    csv.field_size_limit(500 * 1024 * 1024)
    server.load_server_wide_modules()
    threaded = server.ThreadedServer(odoo.http.root)
    # The browser tests read the HTTP port from the running server, which
    # Odoo's server.start() keeps in this module variable.
    server.server = threaded
    # Held while the tests run, as Odoo's own preload of a test database does.
    with Registry._lock:
        # Starts the HTTP server, which the browser tests need in test mode.
        threaded.start(stop=True)
        report = run_tests(dbname, tags)
    from odoo.tests.result import _logger as result_logger

    log = (
        result_logger.error
        if not report.wasSuccessful()
        else result_logger.warning
        if not report.testsRun
        else result_logger.info
    )
    log("%s when loading database %r", report, dbname)
    threaded.stop()
    return 0 if report.wasSuccessful() and report.testsRun else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
