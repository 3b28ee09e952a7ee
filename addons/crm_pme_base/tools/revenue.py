"""Invoiced revenue of a customer: the one definition every figure of the
suite uses (lifecycle, RFM, geo analysis, customer file, sales portfolio,
dashboards).

The invoiced revenue of a customer over a period, for a company, is the sum
of the company's posted customer invoices minus its posted credit notes
dated in the period (both bounds included), untaxed, in the company's
currency (``amount_untaxed_signed``: Odoo converts a document of another
currency at the rate of its date, a credit note counts negative), for the
customer's commercial entity (an invoice addressed to a contact counts for
its company). Each company's figure is apart: there is no sum over companies.

Both functions return an ``odoo.tools.SQL`` query meant to be used as a
sub-query (``FROM (%s) r``): the callers add it to their own statement, so
a figure stays one statement whatever the number of customers.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.tools import SQL

CUSTOMER_MOVE_TYPES = ("out_invoice", "out_refund")


def last_12_months(today):
    """The period of the "12 months" figures: the twelve months ending on
    ``today``, both bounds included (from the day after the same date last
    year)."""
    return today - relativedelta(months=12) + timedelta(days=1), today


def _ids_condition(column, ids):
    """``column IN ...``: ``ids`` is a collection of ids, or an SQL query
    returning one column of ids."""
    if isinstance(ids, SQL):
        return SQL("%s IN (%s)", column, ids)
    return SQL("%s IN %s", column, tuple(ids) or (None,))


def _date_bound(bound):
    """A date, or an SQL expression that may read ``c``, the company of the
    document (a window set per company)."""
    return bound if isinstance(bound, SQL) else SQL("%s::date", bound)


def customer_moves_sql(
    company_ids=None, partner_ids=None, date_from=None, date_to=None
):
    """One row per posted customer invoice or credit note: ``id``,
    ``company_id``, ``partner_id`` (the commercial entity), ``move_type``,
    ``invoice_date`` and ``amount`` (untaxed, in the company's currency, a
    credit note negative).

    :param company_ids: ids of the companies, or an SQL query of ids; None
        for every company.
    :param partner_ids: ids of commercial entities, or an SQL query of ids;
        None for every customer.
    :param date_from: first invoice date included, a date or an SQL
        expression over ``c`` (the document's company); None for no bound.
    :param date_to: last invoice date included, likewise.
    """
    conditions = [
        SQL("m.state = 'posted'"),
        SQL("m.move_type IN %s", CUSTOMER_MOVE_TYPES),
    ]
    if company_ids is not None:
        conditions.append(_ids_condition(SQL("m.company_id"), company_ids))
    if partner_ids is not None:
        conditions.append(_ids_condition(SQL("m.commercial_partner_id"), partner_ids))
    if date_from is not None:
        conditions.append(SQL("m.invoice_date >= %s", _date_bound(date_from)))
    if date_to is not None:
        conditions.append(SQL("m.invoice_date <= %s", _date_bound(date_to)))
    return SQL(
        """
        SELECT m.id,
               m.company_id,
               m.commercial_partner_id AS partner_id,
               m.move_type,
               m.invoice_date,
               m.amount_untaxed_signed AS amount
          FROM account_move m
          JOIN res_company c ON c.id = m.company_id
         WHERE %s
        """,
        SQL(" AND ").join(conditions),
    )


def customer_revenue_sql(
    company_ids=None, partner_ids=None, date_from=None, date_to=None
):
    """One row per commercial entity and company with documents in the
    period (same parameters as :func:`customer_moves_sql`): ``partner_id``,
    ``company_id``, ``revenue`` (invoices minus credit notes), and over the
    invoices only (a credit note is no purchase) ``invoice_count``,
    ``first_invoice_date`` and ``last_invoice_date`` (NULL, and a count of
    0, for a customer with only credit notes in the period)."""
    return SQL(
        """
        SELECT i.partner_id,
               i.company_id,
               SUM(i.amount) AS revenue,
               COUNT(*) FILTER (WHERE i.move_type = 'out_invoice')
                   AS invoice_count,
               MIN(i.invoice_date) FILTER (WHERE i.move_type = 'out_invoice')
                   AS first_invoice_date,
               MAX(i.invoice_date) FILTER (WHERE i.move_type = 'out_invoice')
                   AS last_invoice_date
          FROM (%s) i
         GROUP BY i.partner_id, i.company_id
        """,
        customer_moves_sql(company_ids, partner_ids, date_from, date_to),
    )
