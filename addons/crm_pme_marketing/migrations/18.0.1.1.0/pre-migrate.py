# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The RFM figures of a partner become company-dependent (issue 11): one value
per company in a jsonb column instead of the figures of a single company.
They are derived data: the old columns are dropped here and the figures of
every company recomputed after the update (post-migrate)."""

from odoo.tools import SQL

COLUMNS = (
    "rfm_recency_score",
    "rfm_frequency_score",
    "rfm_monetary_score",
    "rfm_segment",
    "rfm_last_invoice_date",
    "rfm_invoice_count",
    "rfm_amount",
    "rfm_date",
)


def migrate(cr, version):
    cr.execute(
        """
        SELECT column_name
          FROM information_schema.columns
         WHERE table_name = 'res_partner'
           AND column_name IN %s
           AND data_type != 'jsonb'
        """,
        [COLUMNS],
    )
    for (column,) in cr.fetchall():
        cr.execute(
            SQL("ALTER TABLE res_partner DROP COLUMN %s", SQL.identifier(column))
        )
