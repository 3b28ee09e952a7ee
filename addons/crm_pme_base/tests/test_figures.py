from datetime import timedelta

from odoo.tests import new_test_user, tagged

from ..tools import figures
from .common import CustomerFiguresCase


@tagged("post_install", "-at_install", "is_query_count")
class TestCustomerFigures(CustomerFiguresCase):
    def test_overdue_rows(self):
        """Open invoices and credit notes due before today, per commercial
        entity and company, in the company's currency."""
        self.env.flush_all()
        rows = self.env.execute_query(
            figures.overdue_sql(
                self.today,
                (self.figures_company_a | self.figures_company_b).ids,
                (self.customer | self.refund_only).ids,
            )
        )
        a, b = self.figures_company_a.id, self.figures_company_b.id
        self.assertEqual(
            {(p, c): (round(amount, 2), *oldest) for p, c, amount, *oldest in rows},
            {
                # 1000 + 300 (the buyer's, partly paid) - 150 + 300 (600 at 2).
                (self.customer.id, a): (
                    1450.0,
                    self.oldest.id,
                    self.today - timedelta(days=40),
                ),
                (self.customer.id, b): (
                    80.0,
                    self._oldest_id(b),
                    self.today - timedelta(days=15),
                ),
                (self.refund_only.id, a): (-60.0, None, None),
            },
        )

    def _oldest_id(self, company_id):
        return (
            self.env["account.move"]
            .search(
                [
                    ("partner_id", "=", self.customer.id),
                    ("company_id", "=", company_id),
                    ("move_type", "=", "out_invoice"),
                ]
            )
            .id
        )

    def test_overdue_helper(self):
        """The model helper reads a contact's commercial entity, in one
        query; tomorrow the invoice due today is overdue too."""
        companies = self.figures_company_a | self.figures_company_b
        a, b = self.figures_company_a.id, self.figures_company_b.id
        self.buyer.fetch(["commercial_partner_id"])
        # Warm the caches (the user's companies and time zone) once.
        self.buyer._crm_pme_overdue_amounts(companies)
        self.env.flush_all()
        with self.assertQueryCount(1):
            amounts = self.buyer._crm_pme_overdue_amounts(companies)
        self.assertEqual(
            {key: round(amount, 2) for key, amount in amounts.items()},
            {(self.customer.id, a): 1450.0, (self.customer.id, b): 80.0},
        )
        later = self.buyer._crm_pme_overdue_amounts(
            self.figures_company_a, today=self.today + timedelta(days=1)
        )
        self.assertAlmostEqual(later[self.customer.id, a], 2150.0)
        # Without partners: every customer of the companies.
        amounts = self.env["res.partner"]._crm_pme_overdue_amounts(
            self.figures_company_a
        )
        self.assertAlmostEqual(amounts[self.refund_only.id, a], -60.0)

    def test_overdue_only_allowed_companies(self):
        """A user sees the figures of the companies they are allowed in,
        whatever companies are asked; sudo sees them all."""
        companies = self.figures_company_a | self.figures_company_b
        user = new_test_user(
            self.env,
            login="figures_user_a",
            groups="crm_pme_base.crm_pme_group_user",
            company_id=self.figures_company_a.id,
            company_ids=[self.figures_company_a.id],
        )
        customer = self.customer.with_user(user)
        self.assertEqual(
            set(customer._crm_pme_overdue_amounts(companies)),
            {(self.customer.id, self.figures_company_a.id)},
        )
        self.assertEqual(len(customer.sudo()._crm_pme_overdue_amounts(companies)), 2)

    def test_last_order_without_sale(self):
        """Without the sale add-on there is no last order (with it, see
        crm_pme_aftersales' test_figures_agreement)."""
        if "sale.order" not in self.env:
            self.assertEqual(
                self.customer._crm_pme_last_order_dates(self.figures_company_a), {}
            )
