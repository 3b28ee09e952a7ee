from odoo import Command
from odoo.tests import tagged

from .common import CrmPmeSalesCase


@tagged("post_install", "-at_install")
class TestLeadRevenueOnConfirm(CrmPmeSalesCase):
    """Odoo's sale_crm rule, with the suite installed and whatever the
    company's currency (sale_crm's own test assumes US dollars, see
    .ci/upstream-excluded.txt): confirming a quotation raises its
    opportunity's expected revenue to the quotation's untaxed amount only
    when the quotation is in the company's currency."""

    def _quotation(self, lead, currency, price):
        pricelist = self.env["product.pricelist"].create(
            {
                "name": f"Tarif {currency.name}",
                "currency_id": currency.id,
                "company_id": self.company_a.id,
            }
        )
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer_new.id,
                "company_id": self.company_a.id,
                "opportunity_id": lead.id,
                "pricelist_id": pricelist.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product_service.id, "price_unit": price}
                    )
                ],
            }
        )

    def test_expected_revenue_from_a_quotation_in_company_currency(self):
        own = self.company_a.currency_id
        usd, eur = self.env.ref("base.USD"), self.env.ref("base.EUR")
        other = usd if own != usd else eur
        other.active = True
        lead = self.env["crm.lead"].create(
            {
                "name": "Aménagement des bureaux",
                "type": "opportunity",
                "partner_id": self.customer_new.id,
                "company_id": self.company_a.id,
            }
        )
        foreign = self._quotation(lead, other, 900.0)
        in_own_currency = self._quotation(lead, own, 400.0)
        foreign.action_confirm()
        self.assertEqual(lead.expected_revenue, 0)
        in_own_currency.action_confirm()
        self.assertEqual(in_own_currency.amount_untaxed, 400.0)
        self.assertEqual(lead.expected_revenue, 400.0)
