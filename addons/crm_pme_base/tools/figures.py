"""Overdue amount and last order of a customer: the one definition the
sales portfolio, the quotation's overdue check and the customer file use.

Overdue amount of a customer, for a company: the residual of the company's
posted customer invoices and credit notes not paid (payment state "not
paid" or "partially paid") whose due date is before ``today``, in the
company's currency (``amount_residual_signed``: a credit note counts
negative), for the customer's commercial entity. Each company's figure is
apart: there is no sum over companies.

Last order of a customer, for a company: the order date of its latest
confirmed sales order (state "sale") in the company, for the customer's
commercial entity (an order addressed to a contact counts for its company).

Both functions return an ``odoo.tools.SQL`` query of one row per commercial
entity and company; ``last_order_sql`` reads sale tables, so only call it
when the sale add-on is installed.
"""

from odoo.tools import SQL

from .revenue import CUSTOMER_MOVE_TYPES, _ids_condition

UNPAID_STATES = ("not_paid", "partial")


def overdue_sql(today, company_ids=None, partner_ids=None):
    """Rows ``partner_id`` (commercial entity), ``company_id``, ``amount``
    (overdue residual, company currency), ``oldest_invoice_id`` and
    ``oldest_due_date`` (the overdue invoice due first and its due date,
    NULL when only credit notes are overdue).

    :param today: documents due strictly before this date are overdue.
    :param company_ids: ids of the companies, or an SQL query of ids; None
        for every company.
    :param partner_ids: ids of commercial entities, or an SQL query of ids;
        None for every customer.
    """
    conditions = [
        SQL("m.state = 'posted'"),
        SQL("m.move_type IN %s", CUSTOMER_MOVE_TYPES),
        SQL("m.payment_state IN %s", UNPAID_STATES),
        SQL("m.invoice_date_due < %s::date", today),
    ]
    if company_ids is not None:
        conditions.append(_ids_condition(SQL("m.company_id"), company_ids))
    if partner_ids is not None:
        conditions.append(_ids_condition(SQL("m.commercial_partner_id"), partner_ids))
    return SQL(
        """
        SELECT m.commercial_partner_id AS partner_id,
               m.company_id,
               SUM(m.amount_residual_signed) AS amount,
               (ARRAY_AGG(m.id ORDER BY m.invoice_date_due, m.id)
                    FILTER (WHERE m.move_type = 'out_invoice'))[1]
                   AS oldest_invoice_id,
               MIN(m.invoice_date_due) FILTER (WHERE m.move_type = 'out_invoice')
                   AS oldest_due_date
          FROM account_move m
         WHERE %s
         GROUP BY m.commercial_partner_id, m.company_id
        """,
        SQL(" AND ").join(conditions),
    )


def last_order_sql(company_ids=None, partner_ids=None):
    """Rows ``partner_id`` (commercial entity), ``company_id`` and
    ``last_order`` (order date of the latest confirmed order, a UTC
    timestamp); same parameters as :func:`overdue_sql`."""
    conditions = [SQL("so.state = 'sale'")]
    if company_ids is not None:
        conditions.append(_ids_condition(SQL("so.company_id"), company_ids))
    if partner_ids is not None:
        conditions.append(_ids_condition(SQL("p.commercial_partner_id"), partner_ids))
    return SQL(
        """
        SELECT p.commercial_partner_id AS partner_id,
               so.company_id,
               MAX(so.date_order) AS last_order
          FROM sale_order so
          JOIN res_partner p ON p.id = so.partner_id
         WHERE %s
         GROUP BY p.commercial_partner_id, so.company_id
        """,
        SQL(" AND ").join(conditions),
    )
