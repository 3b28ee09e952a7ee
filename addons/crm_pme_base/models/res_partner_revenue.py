from odoo import fields, models

from ..tools import figures, revenue


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _crm_pme_invoiced_revenue(self, companies, date_from=None, date_to=None):
        """{(commercial entity id, company id): invoiced revenue} of the
        commercial entities of ``self`` (every customer when ``self`` is
        empty) in ``companies``, over the period, in one query; see
        ``tools/revenue.py`` for what invoiced revenue is. Pairs without
        invoice nor credit note in the period are left out.

        Raw SQL, without record rules: callers check the user's right to
        read invoices when the figure is shown to them."""
        self.env["account.move"].flush_model(
            [
                "state",
                "move_type",
                "company_id",
                "commercial_partner_id",
                "invoice_date",
                "amount_untaxed_signed",
            ]
        )
        partner_ids = None
        if self:
            partner_ids = {
                p._origin.commercial_partner_id.id for p in self if p._origin.id
            }
        rows = self.env.execute_query(
            revenue.customer_revenue_sql(
                companies.ids, partner_ids, date_from=date_from, date_to=date_to
            )
        )
        return {
            (partner_id, company_id): amount
            for partner_id, company_id, amount, *_dates in rows
        }

    def _crm_pme_figure_partner_ids(self):
        """Ids of the commercial entities of ``self``; None (every customer)
        when ``self`` is empty."""
        if not self:
            return None
        return {p._origin.commercial_partner_id.id for p in self if p._origin.id}

    def _crm_pme_figure_allowed_companies(self, companies):
        """The companies of ``companies`` whose figures the environment may
        see: the user's allowed companies (``env.companies``, the companies
        ticked in the company switcher), or all of them in sudo mode (a
        portal customer confirming a quotation, a cron)."""
        if self.env.su:
            return companies
        return companies & self.env.companies

    def _crm_pme_overdue_figures(self, companies, today=None):
        """{(commercial entity id, company id): (overdue amount, id and due
        date of the oldest overdue invoice, or None twice)} of the
        commercial entities of ``self`` (every customer when ``self`` is
        empty) in ``companies``, in one query; see ``tools/figures.py`` for
        what is overdue.

        Who sees what: only the companies the user is allowed in are
        counted (see ``_crm_pme_figure_allowed_companies``). Within them the
        query reads invoices without record rules, so that a salesperson
        who may not open the customer's invoices still sees the total;
        screens that show the figure only to invoice readers check
        ``account.move`` access themselves."""
        companies = self._crm_pme_figure_allowed_companies(companies)
        if not companies:
            return {}
        self.env["account.move"].flush_model(
            [
                "state",
                "move_type",
                "payment_state",
                "company_id",
                "commercial_partner_id",
                "invoice_date_due",
                "amount_residual_signed",
            ]
        )
        rows = self.env.execute_query(
            figures.overdue_sql(
                today or fields.Date.context_today(self),
                companies.ids,
                self._crm_pme_figure_partner_ids(),
            )
        )
        return {
            (partner_id, company_id): (amount, oldest_id, oldest_due)
            for partner_id, company_id, amount, oldest_id, oldest_due in rows
        }

    def _crm_pme_overdue_amounts(self, companies, today=None):
        """{(commercial entity id, company id): overdue amount in the
        company's currency}; same rules as ``_crm_pme_overdue_figures``.
        Pairs without overdue document are left out."""
        return {
            key: amount
            for key, (amount, *_oldest) in self._crm_pme_overdue_figures(
                companies, today
            ).items()
        }

    def _crm_pme_last_order_dates(self, companies):
        """{(commercial entity id, company id): order date (datetime) of the
        last confirmed sales order} of the commercial entities of ``self``
        (every customer when ``self`` is empty) in ``companies``, in one
        query; empty when the sale add-on is not installed (crm_pme_base
        does not depend on it; crm_pme_sales and crm_pme_aftersales do).

        Who sees what: as for the overdue amount, the companies the user is
        allowed in, and every confirmed order of them (a date is shown, no
        order), even the orders of other salespeople."""
        companies = self._crm_pme_figure_allowed_companies(companies)
        if not companies or "sale.order" not in self.env:
            return {}
        self.env["sale.order"].flush_model(
            ["state", "company_id", "partner_id", "date_order"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        rows = self.env.execute_query(
            figures.last_order_sql(companies.ids, self._crm_pme_figure_partner_ids())
        )
        return {
            (partner_id, company_id): last_order
            for partner_id, company_id, last_order in rows
        }
