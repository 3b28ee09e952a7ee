from datetime import date, timedelta

from odoo.tests import BaseCase, tagged
from odoo.tools import SQL

from ..tools import revenue
from .common import InvoicedRevenueCase


class TestRevenuePeriod(BaseCase):
    def test_last_12_months(self):
        for today, first in [
            (date(2026, 6, 30), date(2025, 7, 1)),
            (date(2026, 3, 1), date(2025, 3, 2)),
            (date(2024, 2, 29), date(2023, 3, 1)),
        ]:
            with self.subTest(today=today):
                self.assertEqual(revenue.last_12_months(today), (first, today))


@tagged("post_install", "-at_install", "is_query_count")
class TestInvoicedRevenue(InvoicedRevenueCase):
    def _rows(self, **kwargs):
        self.env.flush_all()
        rows = self.env.execute_query_dict(revenue.customer_revenue_sql(**kwargs))
        return {
            (row["partner_id"], row["company_id"]): (
                round(row["revenue"], 2),
                row["invoice_count"],
                row["first_invoice_date"],
                row["last_invoice_date"],
            )
            for row in rows
        }

    def test_rows_of_the_period(self):
        companies = self.revenue_company_a | self.revenue_company_b
        rows = self._rows(
            company_ids=companies.ids,
            partner_ids=(self.customer | self.refund_only).ids,
            date_from=self.period[0],
            date_to=self.period[1],
        )
        a, b = self.revenue_company_a.id, self.revenue_company_b.id
        self.assertEqual(
            rows,
            {
                # 1000 + 200 (the buyer) - 150 (credit note) + 500 (1000 at 2 a unit)
                # + 10 (first day of the period).
                (self.customer.id, a): (
                    1560.0,
                    4,
                    self.period[0],
                    self.today - timedelta(days=10),
                ),
                (self.customer.id, b): (
                    300.0,
                    1,
                    self.today - timedelta(days=30),
                    self.today - timedelta(days=30),
                ),
                # A credit note alone: negative, and no purchase date.
                (self.refund_only.id, a): (-80.0, 0, None, None),
            },
        )

    def test_filters(self):
        a = self.revenue_company_a.id
        # The contact's invoice belongs to its company; no invoice is the
        # contact's own.
        self.assertEqual(
            set(self._rows(partner_ids=[self.buyer.id], date_to=self.today)), set()
        )
        # Partners and companies given as queries; no lower bound: the
        # invoice before the period counts, the one of tomorrow still not.
        rows = self._rows(
            company_ids=SQL("SELECT %s", a),
            partner_ids=SQL("SELECT %s", self.customer.id),
            date_to=self.today,
        )
        self.assertEqual(list(rows), [(self.customer.id, a)])
        self.assertEqual(rows[self.customer.id, a][0], 1580.0)
        # Empty selections select nothing.
        self.assertEqual(self._rows(company_ids=[], partner_ids=[]), {})

    def test_partner_helper(self):
        """The model helper reads the commercial entity of a contact, and
        leaves out pairs without documents, in one query."""
        Partner = self.env["res.partner"]
        companies = self.revenue_company_a | self.revenue_company_b
        self.buyer.fetch(["commercial_partner_id"])
        self.env.flush_all()
        with self.assertQueryCount(1):
            figures = self.buyer._crm_pme_invoiced_revenue(companies, *self.period)
        self.assertEqual(
            {key: round(amount, 2) for key, amount in figures.items()},
            {
                (self.customer.id, self.revenue_company_a.id): 1560.0,
                (self.customer.id, self.revenue_company_b.id): 300.0,
            },
        )
        # Without partners: every customer of the companies.
        figures = Partner._crm_pme_invoiced_revenue(
            self.revenue_company_a, *self.period
        )
        self.assertEqual(figures[self.refund_only.id, self.revenue_company_a.id], -80.0)

    def test_lifecycle_reads_the_invoices(self):
        """The lifecycle's last invoice and customer since are the block's
        dates: credit notes and invoices after the day left out."""
        partners = self.customer | self.refund_only
        self.env["res.partner"]._crm_pme_recompute_lifecycle(
            today=self.today, partner_ids=partners.ids
        )
        customer = self.customer.with_company(self.revenue_company_a)
        self.assertEqual(customer.last_invoice_date, self.today - timedelta(days=10))
        self.assertEqual(customer.customer_since, self.period[0] - timedelta(days=1))
        self.assertEqual(customer.lifecycle_state, "active")
        self.assertEqual(
            self.customer.with_company(self.revenue_company_b).last_invoice_date,
            self.today - timedelta(days=30),
        )
        self.assertEqual(self.refund_only.lifecycle_state, "prospect")
