from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestDemoFrenchPme(TransactionCase):
    """The demo database is a French PME whose screens are filled at once.

    Runs only on a database with crm_pme_base's demo data (CI installs each
    add-on with demo); every figure read here is one a screen shows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.champion = cls.env.ref(
            "crm_pme_base.res_partner_demo_cabinet_leroy", raise_if_not_found=False
        )
        if not cls.champion or not cls.env.ref("base.module_crm_pme_base").demo:
            cls.skipTest(cls, "no demo data")
        cls.company = cls.env.ref("base.main_company")
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.demo_companies = cls.env["res.partner"].search(
            [
                ("is_company", "=", True),
                ("parent_id", "=", False),
                ("siren", "!=", False),
                ("id", "!=", cls.company.partner_id.id),
            ]
        )

    def test_company_is_french(self):
        company = self.company
        self.assertEqual(company.country_id, self.env.ref("base.fr"))
        self.assertEqual(company.currency_id, self.env.ref("base.EUR"))
        self.assertEqual(company.chart_template, "fr")
        self.assertEqual(company.account_sale_tax_id.amount, 20.0)
        self.assertNotEqual(company.name, "YourCompany")
        self.assertEqual(company.partner_id.siret, "83451207100012")
        self.assertEqual(company.partner_id.naf_id.code, "46.65Z")
        self.assertEqual(company.zip[:2], "69")
        self.assertEqual(self.env.ref("base.user_admin").tz, "Europe/Paris")
        self.assertEqual(self.env.ref("base.user_demo").tz, "Europe/Paris")
        if self.env["res.lang"]._lang_get("fr_FR"):
            self.assertEqual(self.env.ref("base.user_admin").lang, "fr_FR")

    def test_companies_have_their_vat_number(self):
        """Each demo company's intra-EU VAT number is FR, its key, then its
        SIREN, as on a French invoice."""
        ours = self.demo_companies.filtered(
            lambda p: p.get_external_id()[p.id].startswith(
                "crm_pme_base.res_partner_demo_"
            )
        )
        self.assertGreaterEqual(len(ours), 40)
        for partner in ours | self.company.partner_id:
            with self.subTest(partner=partner.name):
                key = (12 + 3 * (int(partner.siren) % 97)) % 97
                self.assertEqual(partner.vat, f"FR{key:02d}{partner.siren}")

    def test_invoices_paid_overdue_refunded(self):
        invoices = self.env["account.move"].search(
            [
                ("company_id", "=", self.company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ]
        )
        self.assertGreater(len(invoices), 100)
        self.assertEqual(invoices.currency_id, self.env.ref("base.EUR"))
        oldest = min(invoices.mapped("invoice_date"))
        self.assertLessEqual(oldest, self.today - relativedelta(months=35))
        self.assertIn("paid", invoices.mapped("payment_state"))
        overdue = invoices.filtered(
            lambda m: m.payment_state == "not_paid" and m.invoice_date_due < self.today
        )
        self.assertGreaterEqual(len(overdue.commercial_partner_id), 3)
        refunds = self.env["account.move"].search(
            [
                ("company_id", "=", self.company.id),
                ("move_type", "=", "out_refund"),
                ("state", "=", "posted"),
            ]
        )
        self.assertTrue(refunds)

    def test_every_lifecycle_state_has_companies(self):
        states = set(self.demo_companies.mapped("lifecycle_state"))
        self.assertLessEqual({"prospect", "active", "at_risk", "lost"}, states)

    def test_customer_since_agrees_with_lifecycle(self):
        for partner in self.demo_companies:
            with self.subTest(partner=partner.name):
                if partner.lifecycle_state == "prospect":
                    self.assertFalse(partner.customer_since)
                    self.assertFalse(partner.last_invoice_date)
                else:
                    self.assertTrue(partner.customer_since)
                    self.assertLessEqual(
                        partner.customer_since, partner.last_invoice_date
                    )

    def test_new_customer_and_lost_last_year(self):
        new = self.env.ref("crm_pme_base.res_partner_demo_nantes_web_studio")
        self.assertEqual(new.lifecycle_state, "active")
        self.assertGreater(new.customer_since, self.today - relativedelta(months=3))
        last_year = self.today.year - 1
        lost_last_year = self.env["crm.pme.lifecycle.event"].search(
            [
                ("new_state", "=", "lost"),
                ("date", ">=", fields.Date.to_date(f"{last_year}-01-01")),
                ("date", "<=", fields.Date.to_date(f"{last_year}-12-31")),
            ]
        )
        self.assertGreaterEqual(len(lost_last_year.partner_id), 3)

    def test_duplicates_listed(self):
        rows = self.env.execute_query(
            SQL("SELECT count(*) FROM crm_pme_duplicate WHERE state = 'new'")
        )
        self.assertGreater(rows[0][0], 0)

    def test_customers_in_several_regions(self):
        customers = self.demo_companies.filtered(
            lambda p: p.lifecycle_state == "active"
        )
        departements = {partner.zip[:2] for partner in customers if partner.zip}
        self.assertGreaterEqual(len(departements), 4)
