from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoCustomerFile(TransactionCase):
    """On a database with demo data, the customer file agrees with the
    customer's lifecycle and invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("base.module_crm_pme_aftersales").demo:
            cls.skipTest(cls, "no demo data")

    def test_active_customer_file(self):
        customer = self.env.ref("crm_pme_base.res_partner_demo_egn")
        self.assertEqual(customer.lifecycle_state, "active")
        self.assertTrue(customer.customer_since)
        self.assertGreater(customer.crm_pme_invoiced_12m, 0)
        self.assertGreater(customer.crm_pme_overdue_360, 0)
        self.assertGreaterEqual(
            customer.crm_pme_outstanding_amount, customer.crm_pme_overdue_360
        )

    def test_prospect_customer_file(self):
        prospect = self.env.ref("crm_pme_base.res_partner_demo_boulangerie_martin")
        self.assertEqual(prospect.lifecycle_state, "prospect")
        self.assertFalse(prospect.customer_since)
        self.assertEqual(prospect.crm_pme_invoiced_12m, 0)
        self.assertEqual(prospect.crm_pme_outstanding_amount, 0)

    def test_deliveries_in_customer_file(self):
        customer = self.env.ref("crm_pme_base.res_partner_demo_cabinet_leroy")
        if "stock.picking" not in self.env:
            self.assertFalse(customer.crm_pme_360_has_deliveries)
            self.assertEqual(customer.crm_pme_360_open_delivery_count, 0)
            return
        self.assertTrue(customer.crm_pme_360_has_deliveries)
        pickings = self.env["stock.picking"].search(
            [
                ("partner_id", "child_of", customer.id),
                ("picking_type_code", "=", "outgoing"),
                ("state", "not in", ("draft", "done", "cancel")),
            ]
        )
        self.assertEqual(customer.crm_pme_360_open_delivery_count, len(pickings))
        action = customer.action_crm_pme_view_deliveries()
        self.assertEqual(self.env["stock.picking"].search(action["domain"]), pickings)

    def test_demo_tickets_and_interventions_are_french_customers(self):
        """The tickets and interventions of the demo are for the demo's
        French companies, with a SIRET, not Odoo's own demo partners."""
        records = [
            record
            for model in ("helpdesk.ticket", "crm.pme.intervention")
            for record in self.env[model].search([])
            if record.get_external_id()[record.id].startswith("crm_pme_aftersales.")
        ]
        self.assertGreaterEqual(len(records), 8)
        for record in records:
            with self.subTest(record=record.display_name):
                commercial = record.partner_id.commercial_partner_id
                self.assertEqual(commercial.country_id.code, "FR")
                self.assertTrue(commercial.siret)
