from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_pme_base.tools import revenue as invoiced_revenue


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_pme_overdue_amount = fields.Monetary(
        string="Overdue amount",
        compute="_compute_crm_pme_overdue",
        currency_field="crm_pme_currency_id",
        help="Amount still due on the company's posted customer invoices and "
        "credit notes past their due date, in the current company.",
    )
    crm_pme_overdue_invoice_id = fields.Many2one(
        "account.move",
        string="Oldest overdue invoice",
        compute="_compute_crm_pme_overdue",
    )
    crm_pme_overdue_date = fields.Date(
        string="Overdue since", compute="_compute_crm_pme_overdue"
    )
    crm_pme_last_order_date = fields.Date(
        string="Last order", compute="_compute_crm_pme_portfolio"
    )
    crm_pme_revenue_12m = fields.Monetary(
        string="Revenue (12 months)",
        compute="_compute_crm_pme_portfolio",
        currency_field="crm_pme_currency_id",
        help="Posted customer invoices minus credit notes of the last 12 "
        "months, untaxed.",
    )
    crm_pme_open_opportunity_count = fields.Integer(
        string="Open opportunities", compute="_compute_crm_pme_portfolio"
    )

    @api.depends("company_id")
    @api.depends_context("company", "allowed_company_ids")
    def _compute_crm_pme_overdue(self):
        overdue = self._crm_pme_overdue_by_company(self._crm_pme_figure_companies())
        Move = self.env["account.move"]
        for partner in self:
            amount, oldest, due = overdue.get(
                partner._crm_pme_figure_key(), (0.0, Move, False)
            )
            partner.crm_pme_overdue_amount = amount
            partner.crm_pme_overdue_invoice_id = oldest
            partner.crm_pme_overdue_date = due

    @api.depends("company_id")
    @api.depends_context("company", "allowed_company_ids")
    def _compute_crm_pme_portfolio(self):
        figures = self._crm_pme_portfolio_figures()
        last_orders = (
            self._crm_pme_last_order_dates(self._crm_pme_figure_companies())
            if self
            else {}
        )
        for partner in self:
            key = partner._crm_pme_figure_key()
            revenue, opportunities = figures.get(key, (0.0, 0))
            last_order = last_orders.get(key)
            partner.crm_pme_last_order_date = last_order and last_order.date()
            partner.crm_pme_revenue_12m = revenue
            partner.crm_pme_open_opportunity_count = opportunities

    def _crm_pme_figure_company(self):
        """The company whose documents the partner's figures count, in that
        company's currency (``crm_pme_currency_id``): the partner's company,
        or the current one for a partner shared by the companies."""
        self.ensure_one()
        return self.company_id or self.env.company

    def _crm_pme_figure_key(self):
        self.ensure_one()
        return (
            self._origin.commercial_partner_id.id,
            self._crm_pme_figure_company().id,
        )

    def _crm_pme_figure_companies(self):
        companies = self.env["res.company"]
        for partner in self:
            companies |= partner._crm_pme_figure_company()
        return companies

    def _crm_pme_portfolio_figures(self, today=None):
        """{(commercial partner id, company id): (invoiced revenue over 12
        months, open opportunities)}, each partner's figures in its figure
        company and that company's currency, in one query. The revenue is
        crm_pme_base's invoiced revenue (tools/revenue.py); the last order
        is crm_pme_base's ``_crm_pme_last_order_dates``."""
        keys = {p._crm_pme_figure_key() for p in self if p._origin.id}
        if not keys:
            return {}
        today = today or fields.Date.context_today(self)
        date_from, date_to = invoiced_revenue.last_12_months(today)
        for model in ("res.partner", "crm.lead", "account.move"):
            self.env[model].flush_model()
        wanted = SQL(", ").join(SQL("(%s, %s)", *key) for key in sorted(keys))
        rows = self.env.execute_query(
            SQL(
                """
                WITH wanted(partner_id, company_id) AS (VALUES %(wanted)s),
                invoiced AS (
                    SELECT r.partner_id, r.company_id, r.revenue
                      FROM (%(revenue)s) r
                ), leads AS (
                    SELECT w.partner_id, w.company_id, COUNT(*) AS open_count
                      FROM wanted w
                      JOIN res_partner p ON p.commercial_partner_id = w.partner_id
                      JOIN crm_lead l
                        ON l.partner_id = p.id
                       AND COALESCE(l.company_id, w.company_id) = w.company_id
                      LEFT JOIN crm_stage st ON st.id = l.stage_id
                     WHERE l.active
                       AND l.type = 'opportunity'
                       AND NOT COALESCE(st.is_won, FALSE)
                     GROUP BY w.partner_id, w.company_id
                )
                SELECT w.partner_id, w.company_id,
                       COALESCE(i.revenue, 0), COALESCE(l.open_count, 0)
                  FROM wanted w
                  LEFT JOIN invoiced i
                    ON i.partner_id = w.partner_id AND i.company_id = w.company_id
                  LEFT JOIN leads l
                    ON l.partner_id = w.partner_id AND l.company_id = w.company_id
                """,
                wanted=wanted,
                revenue=invoiced_revenue.customer_revenue_sql(
                    company_ids=SQL("SELECT company_id FROM wanted"),
                    partner_ids=SQL("SELECT partner_id FROM wanted"),
                    date_from=date_from,
                    date_to=date_to,
                ),
            )
        )
        return {
            (partner_id, company_id): (float(revenue), count)
            for partner_id, company_id, revenue, count in rows
        }

    def _crm_pme_overdue_by_company(self, companies=None, today=None):
        """{(commercial partner id, company id): (overdue amount in the
        company's currency, oldest overdue invoice, its due date)} for the commercial
        entities of self in ``companies`` (default: the current company):
        crm_pme_base's overdue amount (tools/figures.py), of the companies
        the user is allowed in. The total is shown to a salesperson who may
        not read the customer's invoices (only the oldest invoice's
        reference and due date go with it, read by the query)."""
        if not self:
            return {}
        figures = self._crm_pme_overdue_figures(companies or self.env.company, today)
        Move = self.env["account.move"]
        return {
            key: (amount, Move.browse(oldest_id), oldest_due or False)
            for key, (amount, oldest_id, oldest_due) in figures.items()
        }
