from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_pme_base.tools import revenue as invoiced_revenue


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_pme_overdue_amount = fields.Monetary(
        string="Overdue amount",
        compute="_compute_crm_pme_overdue",
        currency_field="crm_pme_currency_id",
        help="Amount still due on the company's posted customer invoices "
        "past their due date, in the current company.",
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
            amount, oldest = overdue.get(partner._crm_pme_figure_key(), (0.0, Move))
            partner.crm_pme_overdue_amount = amount
            partner.crm_pme_overdue_invoice_id = oldest
            partner.crm_pme_overdue_date = oldest.invoice_date_due

    @api.depends("company_id")
    @api.depends_context("company", "allowed_company_ids")
    def _compute_crm_pme_portfolio(self):
        figures = self._crm_pme_portfolio_figures()
        for partner in self:
            last_date, revenue, opportunities = figures.get(
                partner._crm_pme_figure_key(), (False, 0.0, 0)
            )
            partner.crm_pme_last_order_date = last_date
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
        """{(commercial partner id, company id): (last order date, invoiced
        revenue over 12 months, open opportunities)}, each partner's figures
        in its figure company and that company's currency, in one query. The
        revenue is crm_pme_base's invoiced revenue (tools/revenue.py)."""
        keys = {p._crm_pme_figure_key() for p in self if p._origin.id}
        if not keys:
            return {}
        today = today or fields.Date.context_today(self)
        date_from, date_to = invoiced_revenue.last_12_months(today)
        for model in ("res.partner", "sale.order", "crm.lead", "account.move"):
            self.env[model].flush_model()
        wanted = SQL(", ").join(SQL("(%s, %s)", *key) for key in sorted(keys))
        rows = self.env.execute_query(
            SQL(
                """
                WITH wanted(partner_id, company_id) AS (VALUES %(wanted)s),
                orders AS (
                    SELECT w.partner_id, w.company_id,
                           MAX(so.date_order)::date AS last_date
                      FROM wanted w
                      JOIN res_partner p ON p.commercial_partner_id = w.partner_id
                      JOIN sale_order so
                        ON so.partner_id = p.id AND so.company_id = w.company_id
                     WHERE so.state = 'sale'
                     GROUP BY w.partner_id, w.company_id
                ), invoiced AS (
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
                SELECT w.partner_id, w.company_id, o.last_date,
                       COALESCE(i.revenue, 0), COALESCE(l.open_count, 0)
                  FROM wanted w
                  LEFT JOIN orders o
                    ON o.partner_id = w.partner_id AND o.company_id = w.company_id
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
            (partner_id, company_id): (last_date, float(revenue), count)
            for partner_id, company_id, last_date, revenue, count in rows
        }

    def _crm_pme_overdue_by_company(self, companies=None, today=None):
        """{(commercial partner id, company id): (overdue amount in the
        company's currency, oldest overdue invoice)} for the commercial
        entities of self in ``companies`` (default: the current company), in
        one query."""
        commercial_ids = list(
            {p._origin.commercial_partner_id.id for p in self if p._origin.id}
        )
        if not commercial_ids:
            return {}
        companies = companies or self.env.company
        # sudo: a salesperson may not read every invoice of the customer;
        # only the total and the oldest invoice's reference are shown.
        moves = (
            self.env["account.move"]
            .sudo()
            .search_fetch(
                self._crm_pme_overdue_domain(commercial_ids, companies, today),
                [
                    "commercial_partner_id",
                    "company_id",
                    "amount_residual_signed",
                    "invoice_date_due",
                ],
                order="invoice_date_due, id",
            )
        )
        result = {}
        for move in moves:
            key = (move.commercial_partner_id.id, move.company_id.id)
            amount, oldest = result.get(key, (0.0, move))
            result[key] = (amount + move.amount_residual_signed, oldest)
        return {
            key: (amount, oldest.with_env(self.env))
            for key, (amount, oldest) in result.items()
        }

    @api.model
    def _crm_pme_overdue_domain(self, commercial_ids, companies, today=None):
        today = today or fields.Date.context_today(self)
        return [
            ("commercial_partner_id", "in", commercial_ids),
            ("company_id", "in", companies.ids),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date_due", "<", today),
        ]
