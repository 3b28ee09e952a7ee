# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo orders behind crm_pme_base's demo invoices (demo/
crm_pme_sales_demo_orders.xml calls this once, at install with demo data)."""

from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

# The order is confirmed this many days before its invoice.
ORDER_TO_INVOICE_DAYS = 7
# Deliveries (when sale_stock is installed): shipped this many days after
# the order, and left open for the orders of the last DELIVERY_OPEN_DAYS
# days, those older than DELIVERY_PLANNED_DAYS being late.
DELIVERY_DAYS = 3
DELIVERY_OPEN_DAYS = 21
DELIVERY_PLANNED_DAYS = 5
# Quotes still to convert: (demo company, product, quantity, days ago).
DEMO_QUOTES = [
    ("res_partner_demo_boulangerie_martin", "product_product_demo_chair", 4, 6),
    ("res_partner_demo_lumiere_consulting", "product_product_demo_desk", 6, 12),
    ("res_partner_demo_vignobles_lestrade", "product_product_demo_layout", 1, 20),
    ("res_partner_demo_cabinet_leroy", "product_product_demo_cabinet", 3, 3),
]


class CrmPmeDemo(models.AbstractModel):
    _inherit = "crm.pme.demo"

    @api.model
    def _crm_pme_sales_demo_salesperson(self, partner):
        """The salesperson of a demo company: its own, else admin or demo."""
        if partner.user_id:
            return partner.user_id
        users = [self.env.ref("base.user_admin"), self.env.ref("base.user_demo")]
        return users[partner.id % 2]

    @api.model
    def _crm_pme_sales_demo_orders(self):
        """Give each demo invoice its order: confirmed a week before the
        invoice, by the company's salesperson, and invoiced by it; then add
        a few quotes sent. Invoices that already have an order are left."""
        products = self.env["product.product"].browse(
            self.env.ref(f"crm_pme_base.{name}").id
            for name in (
                "product_product_demo_desk",
                "product_product_demo_chair",
                "product_product_demo_cabinet",
                "product_product_demo_drawer",
                "product_product_demo_maintenance",
                "product_product_demo_layout",
            )
        )
        invoices = self.env["account.move"].search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("invoice_line_ids.product_id", "in", products.ids),
                ("invoice_line_ids.sale_line_ids", "=", False),
            ],
            order="invoice_date, id",
        )
        team = self.env.ref("sales_team.team_sales_department")
        # Each customer in a salesperson's portfolio.
        for customer in invoices.commercial_partner_id.filtered(
            lambda partner: not partner.user_id
        ):
            customer.user_id = self._crm_pme_sales_demo_salesperson(customer)
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": invoice.partner_id.id,
                    "user_id": self._crm_pme_sales_demo_salesperson(
                        invoice.commercial_partner_id
                    ).id,
                    "team_id": team.id,
                    "company_id": invoice.company_id.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": line.product_id.id,
                                "product_uom_qty": line.quantity,
                                "price_unit": line.price_unit,
                                "tax_id": [Command.set(line.tax_ids.ids)],
                            }
                        )
                        for line in invoice.invoice_line_ids
                    ],
                }
                for invoice in invoices
            ]
        )
        orders.action_confirm()
        for order, invoice in zip(orders, invoices, strict=True):
            for order_line, invoice_line in zip(
                order.order_line, invoice.invoice_line_ids, strict=True
            ):
                order_line.invoice_lines = invoice_line
            ordered = invoice.invoice_date - relativedelta(days=ORDER_TO_INVOICE_DAYS)
            order.date_order = datetime.combine(ordered, time(9, 30))
        today = fields.Date.context_today(self)
        self._crm_pme_sales_demo_deliveries(orders, today)
        quotes = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.env.ref(f"crm_pme_base.{partner}").id,
                    "user_id": self._crm_pme_sales_demo_salesperson(
                        self.env.ref(f"crm_pme_base.{partner}")
                    ).id,
                    "team_id": team.id,
                    "date_order": datetime.combine(
                        today - relativedelta(days=days), time(11, 0)
                    ),
                    "state": "sent",
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.env.ref(
                                    f"crm_pme_base.{product}"
                                ).id,
                                "product_uom_qty": quantity,
                            }
                        )
                    ],
                }
                for partner, product, quantity, days in DEMO_QUOTES
            ]
        )
        return orders | quotes

    @api.model
    def _crm_pme_sales_demo_deliveries(self, orders, today):
        """With Inventory (sale_stock), the orders' delivery notes: shipped a
        few days after the order, except the last three weeks' ones, still
        open and some of them late. Without it, nothing to do."""
        if "picking_ids" not in orders._fields:
            return
        shipped = self.env["stock.picking"]
        for order in orders:
            ordered = order.date_order
            pickings = order.picking_ids.filtered(
                lambda picking: picking.state not in ("done", "cancel")
            )
            if ordered.date() > today - relativedelta(days=DELIVERY_OPEN_DAYS):
                pickings.scheduled_date = ordered + relativedelta(
                    days=DELIVERY_PLANNED_DAYS
                )
                continue
            for move in pickings.move_ids:
                move.quantity = move.product_uom_qty
            pickings.move_ids.picked = True
            shipped |= pickings
        shipped._action_done()
        for picking in shipped:
            picking.date_done = picking.sale_id.date_order + relativedelta(
                days=DELIVERY_DAYS
            )
