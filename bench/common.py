"""Open an Odoo environment on a benchmark database from a plain script.

Run the benchmarks with the Python of an Odoo 18 install (make bench).
"""

import contextlib
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))


@contextlib.contextmanager
def odoo_env(db):
    from odoo_test import odoo_addons_path

    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.tools import config

    config.parse_config(
        [
            "--addons-path",
            odoo_addons_path(),
            "--db_host",
            os.environ.get("PGHOST", "127.0.0.1"),
            "--db_user",
            os.environ.get("PGUSER", "odoo"),
            "--db_password",
            os.environ.get("PGPASSWORD", "odoo"),
            "-d",
            db,
            "--log-level",
            "warn",
        ]
    )
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        try:
            yield env
        finally:
            cr.rollback()


@contextlib.contextmanager
def measure(env, label, results):
    """Time a block and count its queries; append (label, s, queries)."""
    env.flush_all()
    queries0 = env.cr.sql_log_count
    start = time.perf_counter()
    yield
    env.flush_all()
    results.append(
        (label, time.perf_counter() - start, env.cr.sql_log_count - queries0)
    )
