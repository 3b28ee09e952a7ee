from odoo.tests import tagged

from odoo.addons.crm_pme_base.tests.common import InvoicedRevenueCase
from odoo.addons.crm_pme_base.tools import revenue


@tagged("post_install", "-at_install")
class TestRevenueAgreement(InvoicedRevenueCase):
    """On crm_pme_base's fixed data set, every revenue figure installed
    beside the customer file says what crm_pme_base's invoiced revenue
    says: the customer file here, the lifecycle of the base, and RFM, the
    geo analysis (crm_pme_marketing) and the sales portfolio
    (crm_pme_sales) when they are installed."""

    def _figures(self, company):
        """{figure: amount} of Revenu Partagé over the last 12 months in
        ``company``, from each add-on installed."""
        Partner = self.env["res.partner"]
        customer = self.customer.with_company(company).with_context(
            allowed_company_ids=[company.id]
        )
        buyer = self.buyer.with_company(company).with_context(
            allowed_company_ids=[company.id]
        )
        figures = {
            "customer file": customer.crm_pme_invoiced_12m,
            "customer file of the buyer": buyer.crm_pme_invoiced_12m,
        }
        if "rfm_amount" in Partner._fields:
            figures["RFM"] = customer.rfm_amount
            geo = self.env["crm.pme.geo.report"].search(
                [("partner_id", "=", self.customer.id), ("company_id", "=", company.id)]
            )
            figures["geo analysis"] = geo.revenue_12m
        if "crm_pme_revenue_12m" in Partner._fields:
            figures["sales portfolio"] = customer.crm_pme_revenue_12m
            figures["sales portfolio of the buyer"] = buyer.crm_pme_revenue_12m
        return figures

    def test_every_figure_agrees_with_the_base(self):
        companies = self.revenue_company_a | self.revenue_company_b
        Partner = self.env["res.partner"]
        base = self.customer._crm_pme_invoiced_revenue(companies, *self.period)
        if "rfm_amount" in Partner._fields:
            # The RFM window (24 months by default) set to the 12 months of
            # the other figures.
            # sudo: a company's settings are the administrator's.
            companies.sudo().crm_pme_rfm_months = 12
            Partner._crm_pme_recompute_rfm(today=self.today)
        Partner._crm_pme_recompute_lifecycle(
            today=self.today, partner_ids=self.customer.ids
        )
        for company, amount in [
            (self.revenue_company_a, 1560.0),
            (self.revenue_company_b, 300.0),
        ]:
            self.assertAlmostEqual(base[self.customer.id, company.id], amount)
            for name, figure in self._figures(company).items():
                with self.subTest(company=company.name, figure=name):
                    self.assertAlmostEqual(figure, amount)
        # The lifecycle's last invoice is the base's last invoice date.
        self.env.flush_all()
        rows = self.env.execute_query_dict(
            revenue.customer_revenue_sql(
                partner_ids=self.customer.ids, date_to=self.today
            )
        )
        self.assertEqual(len(rows), 2)
        for row in rows:
            company = self.env["res.company"].browse(row["company_id"])
            with self.subTest(company=company.name, figure="lifecycle"):
                self.assertEqual(
                    self.customer.with_company(company).last_invoice_date,
                    row["last_invoice_date"],
                )
