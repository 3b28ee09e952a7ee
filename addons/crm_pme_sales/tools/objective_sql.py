"""SQL building blocks of the sales objectives (crm.pme.objective): pure
functions returning ``odoo.tools.SQL`` queries over the objectives ``o`` of
the ids given; the model runs them and reads the rows."""

from odoo.tools import SQL


def rollup_sql(ids):
    """Rows (team objective id, member objective id, target): the
    objectives of the team's members on the same period, measure and
    category."""
    return SQL(
        """
        SELECT o.id, m.id, m.target
          FROM crm_pme_objective o
          JOIN crm_team_member tm
            ON tm.crm_team_id = o.team_id AND tm.active
          JOIN crm_pme_objective m
            ON m.user_id = tm.user_id
           AND m.company_id = o.company_id
           AND m.date_from = o.date_from
           AND m.date_to = o.date_to
           AND m.measure = o.measure
           AND m.product_category_id IS NOT DISTINCT FROM
               o.product_category_id
         WHERE o.id IN %s AND o.team_id IS NOT NULL
         ORDER BY o.id, m.id
        """,
        ids,
    )


def owner_match(alias, sector_column=None):
    """SQL condition: the document ``alias`` belongs to the owner of the
    objective ``o`` (its salesperson, team or sector)."""
    return SQL(
        "(%(a)s.user_id = o.user_id OR %(a)s.team_id = o.team_id"
        " OR %(sector)s = o.sector_id)",
        a=SQL.identifier(alias),
        sector=sector_column or SQL.identifier(alias, "sector_id"),
    )


def category_match(product_column):
    """SQL condition: the product is in the objective's category (or the
    objective has none)."""
    return SQL(
        """(o.product_category_id IS NULL OR EXISTS (
               SELECT 1
                 FROM product_product pp
                 JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 JOIN product_category pc ON pc.id = pt.categ_id
                 JOIN product_category oc ON oc.id = o.product_category_id
                WHERE pp.id = %s
                  AND starts_with(pc.parent_path, oc.parent_path)))""",
        product_column,
    )


def order_sql(ids):
    """Revenue (from orders) and number of orders: confirmed orders dated
    by their order date."""
    return SQL(
        """
        SELECT o.id,
               CASE WHEN o.measure = 'order_count'
                    THEN COUNT(DISTINCT so.id)
                    ELSE SUM(sol.price_subtotal
                             / CASE COALESCE(so.currency_rate, 0)
                               WHEN 0 THEN 1.0 ELSE so.currency_rate END)
               END
          FROM crm_pme_objective o
          JOIN res_company c ON c.id = o.company_id
          JOIN sale_order so
            ON so.company_id = o.company_id
           AND so.state = 'sale'
           AND so.date_order >= o.date_from
           AND so.date_order < o.date_to + 1
           AND %(owner)s
          JOIN sale_order_line sol
            ON sol.order_id = so.id AND sol.display_type IS NULL
         WHERE o.id IN %(ids)s
           AND (o.measure = 'order_count'
                OR (o.measure = 'revenue'
                    AND c.crm_pme_objective_revenue_source = 'order'))
           AND %(category)s
         GROUP BY o.id, o.measure
        """,
        owner=owner_match("so"),
        category=category_match(SQL("sol.product_id")),
        ids=ids,
    )


def invoice_sql(ids):
    """Revenue (from invoices): posted customer invoices net of credit
    notes, untaxed, in company currency, dated by their invoice date."""
    return SQL(
        """
        SELECT o.id, SUM(-aml.balance)
          FROM crm_pme_objective o
          JOIN res_company c ON c.id = o.company_id
          JOIN account_move am
            ON am.company_id = o.company_id
           AND am.state = 'posted'
           AND am.move_type IN ('out_invoice', 'out_refund')
           AND am.invoice_date BETWEEN o.date_from AND o.date_to
          JOIN res_partner cp ON cp.id = am.commercial_partner_id
          JOIN account_move_line aml
            ON aml.move_id = am.id AND aml.display_type = 'product'
         WHERE o.id IN %(ids)s
           AND o.measure = 'revenue'
           AND c.crm_pme_objective_revenue_source = 'invoice'
           AND (am.invoice_user_id = o.user_id OR am.team_id = o.team_id
                OR (cp.sector_id ->> o.company_id::text)::int = o.sector_id)
           AND %(category)s
         GROUP BY o.id
        """,
        category=category_match(SQL("aml.product_id")),
        ids=ids,
    )


def new_customer_sql(ids):
    """New customers: companies whose first confirmed order falls in the
    period, counted for the owner of that first order."""
    return SQL(
        """
        WITH first_order AS (
            SELECT DISTINCT ON (so.company_id, p.commercial_partner_id)
                   so.company_id, so.date_order, so.user_id, so.team_id,
                   so.sector_id
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
             WHERE so.state = 'sale'
             ORDER BY so.company_id, p.commercial_partner_id,
                      so.date_order, so.id
        )
        SELECT o.id, COUNT(*)
          FROM crm_pme_objective o
          JOIN first_order fo
            ON fo.company_id = o.company_id
           AND fo.date_order >= o.date_from
           AND fo.date_order < o.date_to + 1
           AND %(owner)s
         WHERE o.id IN %(ids)s AND o.measure = 'new_customer_count'
         GROUP BY o.id
        """,
        owner=owner_match("fo"),
        ids=ids,
    )


def quote_sql(ids):
    """Quotes sent: quotations sent or confirmed (not cancelled), dated by
    their creation."""
    return SQL(
        """
        SELECT o.id, COUNT(DISTINCT so.id)
          FROM crm_pme_objective o
          JOIN sale_order so
            ON so.company_id = o.company_id
           AND so.state IN ('sent', 'sale')
           AND so.create_date >= o.date_from
           AND so.create_date < o.date_to + 1
           AND %(owner)s
         WHERE o.id IN %(ids)s AND o.measure = 'quote_count'
           AND (o.product_category_id IS NULL OR EXISTS (
                SELECT 1 FROM sale_order_line sol
                 WHERE sol.order_id = so.id
                   AND %(category)s))
         GROUP BY o.id
        """,
        owner=owner_match("so"),
        category=category_match(SQL("sol.product_id")),
        ids=ids,
    )


def pipeline_sql(ids):
    """Open opportunities whose expected closing falls in the period:
    expected revenue times probability (revenue objectives) or the
    probability alone (order objectives)."""
    return SQL(
        """
        SELECT o.id,
               SUM(CASE WHEN o.measure = 'revenue'
                        THEN l.expected_revenue ELSE 1 END
                   * LEAST(GREATEST(l.probability, 0), 100) / 100.0)
          FROM crm_pme_objective o
          JOIN crm_lead l
            ON l.company_id = o.company_id
           AND l.active
           AND l.type = 'opportunity'
           AND l.probability < 100
           AND l.date_deadline BETWEEN o.date_from AND o.date_to
           AND %(owner)s
          LEFT JOIN crm_stage st ON st.id = l.stage_id
         WHERE o.id IN %(ids)s
           AND o.measure IN ('revenue', 'order_count')
           AND o.product_category_id IS NULL
           AND NOT COALESCE(st.is_won, FALSE)
         GROUP BY o.id
        """,
        owner=owner_match("l"),
        ids=ids,
    )
