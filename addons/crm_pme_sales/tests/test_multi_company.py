from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestFiguresPerCompany(AccountTestInvoicingCommon):
    """Le Comptoir Partagé, a company shared by two companies of ours, buys
    from both.

    Company 1: an invoice of 1000 overdue, so 1000 of revenue (invoiced);
    orders of 1000 CHF 100 days ago and of 1000 CHF 10 days ago; an open
    opportunity.
    Company 2: an invoice of 300 overdue (300 of revenue); an order of 200;
    no opportunity."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_1 = cls.company_data["company"]
        cls.company_2 = cls.setup_other_company(
            name="Filiale Nantes", currency_id=cls.company_1.currency_id.id
        )["company"]
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.chf = cls.setup_other_currency(
            "CHF",
            rates=[
                (cls.today - timedelta(days=200), 2.0),
                (cls.today - timedelta(days=50), 4.0),
            ],
        )
        cls.chf_pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Tarif CHF",
                "currency_id": cls.chf.id,
                "company_id": cls.company_1.id,
            }
        )
        cls.manager = new_test_user(
            cls.env,
            login="two_companies_manager",
            groups="crm_pme_base.crm_pme_group_manager",
            company_id=cls.company_1.id,
            company_ids=[cls.company_1.id, cls.company_2.id],
            name="Denise Deux-Sociétés",
        )
        cls.shared = cls.env["res.partner"].create(
            {"name": "Le Comptoir Partagé", "is_company": True, "company_id": False}
        )
        cls._overdue_invoice(cls.company_1, 1000.0)
        cls._overdue_invoice(cls.company_2, 300.0)
        cls.nantes_only = cls.env["res.partner"].create(
            {
                "name": "Client de Nantes",
                "is_company": True,
                "company_id": cls.company_2.id,
            }
        )
        cls._overdue_invoice(cls.company_2, 400.0, cls.nantes_only)
        cls._order(cls.company_1, 1000.0, 100, cls.chf_pricelist)
        cls._order(cls.company_1, 1000.0, 10, cls.chf_pricelist)
        cls._order(cls.company_2, 200.0, 20)
        cls.env["crm.lead"].create(
            {
                "name": "Renouvellement du parc",
                "type": "opportunity",
                "partner_id": cls.shared.id,
                "company_id": cls.company_1.id,
            }
        )
        for company in cls.company_1 | cls.company_2:
            company.write(
                {"crm_pme_overdue_block": True, "crm_pme_overdue_threshold": 500.0}
            )

    @classmethod
    def _overdue_invoice(cls, company, amount, partner=None):
        day = cls.today - timedelta(days=30)
        invoice = cls.init_invoice(
            "out_invoice",
            partner=partner or cls.shared,
            invoice_date=day,
            amounts=[amount],
            taxes=[],
            company=company,
        )
        invoice.write({"invoice_payment_term_id": False, "invoice_date_due": day})
        invoice.action_post()
        return invoice

    @classmethod
    def _order(cls, company, price, days_ago, pricelist=None):
        order = (
            cls.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": cls.shared.id,
                    "company_id": company.id,
                    "pricelist_id": pricelist.id if pricelist else False,
                    "order_line": [
                        Command.create(
                            {
                                "name": "Prestation",
                                "product_id": cls.product_a.id,
                                "price_unit": price,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        order.state = "sale"
        order.date_order = fields.Datetime.now() - timedelta(days=days_ago)
        return order

    def _partner_as(self, company):
        """The partner as the manager sees it with ``company`` active."""
        others = (self.company_1 | self.company_2) - company
        return self.shared.with_user(self.manager).with_context(
            allowed_company_ids=[company.id, *others.ids]
        )

    def test_sector_objective_counts_its_company_sector(self):
        """The shared customer sits in a sector of each company: each
        company's sector objective counts that company's invoices."""
        self.env.user.groups_id |= self.env.ref("crm_pme_base.crm_pme_group_manager")
        Sector = self.env["crm.pme.sector"]
        sector_1 = Sector.create(
            {"name": "Secteur Lyon MC", "code": "SLMC", "company_id": self.company_1.id}
        )
        sector_2 = Sector.with_company(self.company_2).create(
            {
                "name": "Secteur Nantes MC",
                "code": "SNMC",
                "company_id": self.company_2.id,
            }
        )
        self.shared.with_company(self.company_1).sector_id = sector_1
        self.shared.with_company(self.company_2).sector_id = sector_2
        (self.company_1 | self.company_2).crm_pme_objective_revenue_source = "invoice"
        day = self.today - timedelta(days=30)
        actuals = {}
        for company, sector in ((self.company_1, sector_1), (self.company_2, sector_2)):
            objective = (
                self.env["crm.pme.objective"]
                .with_company(company)
                .create(
                    {
                        "owner_type": "sector",
                        "user_id": False,
                        "sector_id": sector.id,
                        "period_type": "month",
                        "date_from": day.replace(day=1),
                        "measure": "revenue",
                        "target": 1000.0,
                        "company_id": company.id,
                    }
                )
            )
            actuals[company] = objective.actual
        self.assertEqual(actuals, {self.company_1: 1000.0, self.company_2: 300.0})

    def test_partner_figures_per_company(self):
        for company, overdue, revenue, opportunities in [
            (self.company_1, 1000.0, 1000.0, 1),
            (self.company_2, 300.0, 300.0, 0),
        ]:
            partner = self._partner_as(company)
            with self.subTest(company=company.name):
                self.assertEqual(partner.crm_pme_currency_id, company.currency_id)
                self.assertAlmostEqual(partner.crm_pme_overdue_amount, overdue)
                self.assertAlmostEqual(partner.crm_pme_revenue_12m, revenue)
                self.assertEqual(partner.crm_pme_open_opportunity_count, opportunities)

    def test_figures_of_a_partner_of_another_company(self):
        """With company 1 active, a customer of company 2 shows what it owes
        company 2, in company 2's currency."""
        partner = self.nantes_only.with_user(self.manager).with_context(
            allowed_company_ids=[self.company_1.id, self.company_2.id]
        )
        self.assertEqual(partner.crm_pme_currency_id, self.company_2.currency_id)
        self.assertAlmostEqual(partner.crm_pme_overdue_amount, 400.0)

    def test_order_blocked_by_its_own_company(self):
        """Seen from company 1 (overdue 1000 > 500), a quotation of company 2
        (overdue 300) is not blocked, and the other way round."""
        Order = self.env["sale.order"].with_user(self.manager)
        for company, blocked, overdue in [
            (self.company_1, True, 1000.0),
            (self.company_2, False, 300.0),
        ]:
            order = Order.with_context(
                allowed_company_ids=[self.company_1.id, self.company_2.id]
            ).create({"partner_id": self.shared.id, "company_id": company.id})
            with self.subTest(company=company.name):
                self.assertEqual(order.crm_pme_overdue_blocked, blocked)
                self.assertAlmostEqual(order.crm_pme_overdue_amount, overdue)

    def test_quote_report_converts_and_keeps_companies_apart(self):
        self.env.flush_all()
        Report = self.env["crm.pme.quote.report"].with_user(self.manager)
        one = Report.with_context(allowed_company_ids=[self.company_1.id])
        self.assertEqual(
            one._read_group([], ["company_id"], ["amount_ordered:sum"]),
            [(self.company_1, 750.0)],
        )
        # Even without record rules, only the allowed companies are read.
        self.assertEqual(one.sudo().search([]).company_id, self.company_1)
        both = Report.with_context(
            allowed_company_ids=[self.company_2.id, self.company_1.id]
        )
        self.assertEqual(
            dict(both._read_group([], ["company_id"], ["amount_ordered:sum"])),
            {self.company_1: 750.0, self.company_2: 200.0},
        )
