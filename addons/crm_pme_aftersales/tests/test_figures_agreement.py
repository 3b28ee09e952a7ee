from datetime import datetime

from odoo.tests import tagged

from odoo.addons.crm_pme_base.tests.common import CustomerFiguresCase


@tagged("post_install", "-at_install")
class TestFiguresAgreement(CustomerFiguresCase):
    """On crm_pme_base's fixed data set, the customer file and, when
    crm_pme_sales is installed, the sales portfolio show crm_pme_base's
    overdue amount and last order for the same customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.orders = {}
        for company, day, state in [
            (cls.figures_company_a, datetime(2025, 3, 4, 10, 0), "sale"),
            (cls.figures_company_a, datetime(2025, 9, 12, 15, 30), "sale"),
            (cls.figures_company_a, datetime(2025, 11, 2, 9, 0), "draft"),
            (cls.figures_company_b, datetime(2024, 6, 1, 8, 0), "sale"),
        ]:
            order = cls.env["sale.order"].create(
                {
                    "partner_id": cls.buyer.id,
                    "company_id": company.id,
                    "order_line": [
                        (0, 0, {"product_id": cls.product_a.id, "price_unit": 10.0})
                    ],
                }
            )
            if state == "sale":
                order.action_confirm()
            order.date_order = day

    def test_same_overdue_and_last_order(self):
        companies = self.figures_company_a | self.figures_company_b
        overdue = self.customer._crm_pme_overdue_amounts(companies)
        last = self.customer._crm_pme_last_order_dates(companies)
        Partner = self.env["res.partner"]
        for company, amount, day in [
            (self.figures_company_a, 1450.0, datetime(2025, 9, 12, 15, 30)),
            (self.figures_company_b, 80.0, datetime(2024, 6, 1, 8, 0)),
        ]:
            key = (self.customer.id, company.id)
            self.assertAlmostEqual(overdue[key], amount)
            self.assertEqual(last[key], day)
            for partner in (self.customer, self.buyer):
                partner = partner.with_company(company).with_context(
                    allowed_company_ids=[company.id]
                )
                with self.subTest(company=company.name, partner=partner.name):
                    self.assertAlmostEqual(partner.crm_pme_overdue_360, amount)
                    self.assertEqual(partner.crm_pme_360_last_order_date, day)
                    if "crm_pme_overdue_amount" in Partner._fields:
                        self.assertAlmostEqual(partner.crm_pme_overdue_amount, amount)
                        self.assertEqual(partner.crm_pme_last_order_date, day.date())
