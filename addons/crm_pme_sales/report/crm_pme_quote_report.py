from odoo import fields, models, tools
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
    amount_quoted = fields.Float(string="Amount quoted", readonly=True)
    amount_ordered = fields.Float(string="Amount ordered", readonly=True)

    def _query(self):
        return SQL(
            """
            SELECT so.id AS id,
                   so.id AS order_id,
                   so.create_date::date AS date,
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
                        THEN so.date_order::date - so.create_date::date
                   END AS days_to_order,
                   so.amount_untaxed / %(rate)s AS amount_quoted,
                   CASE WHEN so.state = 'sale'
                        THEN so.amount_untaxed / %(rate)s ELSE 0 END
                       AS amount_ordered
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
              JOIN res_partner cp ON cp.id = p.commercial_partner_id
             WHERE so.state IN ('sent', 'sale')
            """,
            rate=SQL(
                "CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0"
                " ELSE so.currency_rate END"
            ),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
