from odoo import api, fields, models, tools
from odoo.tools import SQL


class CrmPmeQuoteReport(models.Model):
    """One row per quotation sent or confirmed: quotes, orders, conversion
    rate (the average of ``conversion``), days from quote to order and
    amounts, by salesperson, team, sector, département, NAF section and
    month of the quotation."""

    _name = "crm.pme.quote.report"
    _description = "Quote-to-order analysis"
    _auto = False
    _rec_name = "order_id"
    _order = "date desc"

    order_id = fields.Many2one("sale.order", string="Quotation", readonly=True)
    date = fields.Date(string="Quotation date", readonly=True)
    date_order = fields.Date(string="Order date", readonly=True)
    state = fields.Selection(
        [("sent", "Quotation sent"), ("sale", "Sales order")],
        string="Status",
        readonly=True,
    )
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales team", readonly=True)
    sector_id = fields.Many2one("crm.pme.sector", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    department_id = fields.Many2one(
        "res.country.department", string="Département", readonly=True
    )
    naf_section_id = fields.Many2one("crm.pme.naf", string="NAF section", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    quote_count = fields.Integer(string="Quotes sent", readonly=True)
    order_count = fields.Integer(string="Orders confirmed", readonly=True)
    conversion = fields.Float(
        string="Conversion rate (%)", readonly=True, aggregator="avg"
    )
    days_to_order = fields.Float(
        string="Days from quote to order", readonly=True, aggregator="avg"
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    amount_quoted = fields.Monetary(string="Amount quoted", readonly=True)
    amount_ordered = fields.Monetary(string="Amount ordered", readonly=True)

    @api.depends_context("allowed_company_ids")
    def _compute_currency_id(self):
        self.currency_id = self.env.company.currency_id

    @property
    def _table_query(self):
        return self._query()

    def _query(self):
        """Amounts untaxed, converted from the order's currency to its
        company's at the order's rate (``currency_rate``, taken at the order
        date), then, as Odoo's sales analysis does, from each company's
        currency to the current company's at today's rate so that companies
        add up. Only the orders of the allowed companies are read.

        An order confirmed before it was created in Odoo (imported or
        backdated: ``date_order`` before ``create_date``) has no measurable
        quote-to-order delay: its quotation date is its order date and it
        stays out of the average number of days, which is never negative."""
        return SQL(
            """
            SELECT so.id AS id,
                   so.id AS order_id,
                   LEAST(so.create_date, so.date_order)::date AS date,
                   CASE WHEN so.state = 'sale' THEN so.date_order::date END
                       AS date_order,
                   so.state AS state,
                   so.user_id AS user_id,
                   so.team_id AS team_id,
                   so.sector_id AS sector_id,
                   cp.id AS partner_id,
                   cp.country_department_id AS department_id,
                   cp.naf_section_id AS naf_section_id,
                   so.company_id AS company_id,
                   1 AS quote_count,
                   CASE WHEN so.state = 'sale' THEN 1 ELSE 0 END AS order_count,
                   CASE WHEN so.state = 'sale' THEN 100.0 ELSE 0.0 END
                       AS conversion,
                   CASE WHEN so.state = 'sale'
                         AND so.date_order >= so.create_date
                        THEN so.date_order::date - so.create_date::date
                   END AS days_to_order,
                   so.amount_untaxed / %(rate)s AS amount_quoted,
                   CASE WHEN so.state = 'sale'
                        THEN so.amount_untaxed / %(rate)s ELSE 0 END
                       AS amount_ordered
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
              JOIN res_partner cp ON cp.id = p.commercial_partner_id
              JOIN %(currency_table)s
                ON account_currency_table.company_id = so.company_id
             WHERE so.state IN ('sent', 'sale')
               AND so.company_id IN %(companies)s
            """,
            rate=SQL(
                "(CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0"
                " ELSE so.currency_rate END"
                " / CASE COALESCE(account_currency_table.rate, 0) WHEN 0 THEN 1.0"
                " ELSE account_currency_table.rate END)"
            ),
            currency_table=self.env["res.currency"]._get_simple_currency_table(
                self.env.companies
            ),
            companies=tuple(self.env.companies.ids),
        )

    def init(self):
        # The report was an SQL view before it read the allowed companies
        # (_table_query): drop the view left by older versions.
        tools.drop_view_if_exists(self.env.cr, self._table)
