from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoOrders(TransactionCase):
    """On a database with demo data: three years of orders behind the demo
    invoices, invoiced by them, and their deliveries when Inventory is
    installed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("base.module_crm_pme_sales").demo:
            cls.skipTest(cls, "no demo data")
        cls.today = fields.Date.context_today(cls.env["sale.order"])
        cls.products = cls.env["product.product"].browse(
            cls.env.ref(f"crm_pme_base.product_product_demo_{name}").id
            for name in ("desk", "chair", "cabinet", "drawer", "maintenance", "layout")
        )
        cls.orders = cls.env["sale.order"].search(
            [("order_line.product_id", "in", cls.products.ids), ("state", "=", "sale")]
        )

    def test_orders_over_three_years_invoiced(self):
        self.assertGreater(len(self.orders), 100)
        dates = self.orders.mapped("date_order")
        self.assertLess(min(dates).date(), self.today - relativedelta(months=35))
        self.assertEqual(set(self.orders.mapped("invoice_status")), {"invoiced"})
        for order in self.orders[:20]:
            with self.subTest(order=order.name):
                invoice = order.invoice_ids
                self.assertEqual(len(invoice), 1)
                self.assertEqual(invoice.state, "posted")
                self.assertLess(order.date_order.date(), invoice.invoice_date)
                self.assertEqual(order.amount_untaxed, invoice.amount_untaxed)

    def test_quotes_to_follow(self):
        quotes = self.env["sale.order"].search(
            [("order_line.product_id", "in", self.products.ids), ("state", "=", "sent")]
        )
        self.assertGreaterEqual(len(quotes), 4)

    def test_deliveries_done_and_late(self):
        if "picking_ids" not in self.orders._fields:
            self.skipTest("Inventory (sale_stock) is not installed")
        pickings = self.orders.picking_ids
        if not pickings:
            self.skipTest("sale_stock was installed after the demo orders")
        done = pickings.filtered(lambda p: p.state == "done")
        open_ = pickings.filtered(lambda p: p.state not in ("done", "cancel"))
        self.assertTrue(done)
        self.assertTrue(open_)
        self.assertTrue(open_.filtered(lambda p: p.scheduled_date.date() < self.today))
        for picking in done[:10]:
            self.assertGreater(picking.date_done, picking.sale_id.date_order)

    def test_portfolio_and_objectives_filled(self):
        champion = self.env.ref("crm_pme_base.res_partner_demo_cabinet_leroy")
        self.assertTrue(champion.user_id)
        self.assertGreater(champion.crm_pme_revenue_12m, 0)
        self.assertTrue(champion.crm_pme_last_order_date)
        previous = self.env.ref("crm_pme_sales.crm_pme_objective_demo_admin_previous")
        self.assertGreater(previous.actual, 0)
        self.assertLess(previous.attainment, 300)
