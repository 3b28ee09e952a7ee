# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The lifecycle and the sector of a partner become per company (issue 11):
their plain columns become jsonb columns keyed by company id, the key being
the partner's company (for a shared partner: the sector's company, else the
main company). Done before Odoo updates the columns, whose own conversion
cannot tell which company a value belongs to. A column already in jsonb is
left alone, so a second run does nothing."""

from odoo.tools import SQL

COLUMNS = (
    "lifecycle_state",
    "lifecycle_date",
    "last_invoice_date",
    "customer_since",
    "sector_id",
)


def _column_type(cr, column):
    cr.execute(
        """SELECT data_type FROM information_schema.columns
            WHERE table_name = 'res_partner' AND column_name = %s""",
        [column],
    )
    row = cr.fetchone()
    return row and row[0]


def convert_columns(cr):
    """Convert each old column of res_partner to jsonb keyed by company;
    return the columns converted."""
    cr.execute("SELECT id FROM res_company ORDER BY sequence, id LIMIT 1")
    main_company = cr.fetchone()[0]
    converted = []
    for column in COLUMNS:
        if _column_type(cr, column) in (None, "jsonb"):
            continue
        new_column = SQL.identifier(f"crm_pme_new_{column}")
        old_column = SQL.identifier(column)
        cr.execute(SQL("ALTER TABLE res_partner ADD COLUMN %s jsonb", new_column))
        if column == "sector_id":
            cr.execute(
                SQL(
                    """
                    UPDATE res_partner p
                       SET %(new)s = jsonb_build_object(
                               COALESCE(p.company_id, s.company_id)::text,
                               p.sector_id)
                      FROM crm_pme_sector s
                     WHERE s.id = p.sector_id
                    """,
                    new=new_column,
                )
            )
        else:
            # "prospect" is the fallback of every company: not stored.
            cr.execute(
                SQL(
                    """
                    UPDATE res_partner p
                       SET %(new)s = jsonb_build_object(
                               COALESCE(p.company_id, %(main)s)::text, p.%(old)s)
                     WHERE p.%(old)s IS NOT NULL
                       AND p.%(old)s::text != 'prospect'
                    """,
                    new=new_column,
                    old=old_column,
                    main=main_company,
                )
            )
        # Dropping the old column drops its index and, for the sector, its
        # foreign key (a jsonb value cannot have one).
        cr.execute(SQL("ALTER TABLE res_partner DROP COLUMN %s", old_column))
        cr.execute(
            SQL(
                "ALTER TABLE res_partner RENAME COLUMN %s TO %s",
                new_column,
                old_column,
            )
        )
        converted.append(column)
    if "sector_id" in converted:
        cr.execute(
            "DELETE FROM ir_model_constraint WHERE name = 'res_partner_sector_id_fkey'"
        )
    return converted


def migrate(cr, version):
    convert_columns(cr)
