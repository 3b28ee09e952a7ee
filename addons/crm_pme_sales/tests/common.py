from datetime import date, datetime

from odoo import Command

from odoo.addons.crm_pme_base.tests.common import CrmPmeCase

Q2_START = date(2026, 4, 1)
Q2_END = date(2026, 6, 30)


class CrmPmeSalesCase(CrmPmeCase):
    """CrmPmeCase plus a sales team, products in two categories and a few
    customers of the Lyon sector."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Équipe Rhône (test ventes)",
                "company_id": cls.company_a.id,
                "user_id": cls.manager.id,
                "member_ids": [Command.set([cls.rep_lyon.id, cls.rep_region.id])],
            }
        )
        cls.other_team = cls.env["crm.team"].create(
            {"name": "Équipe Export (test ventes)", "company_id": cls.company_a.id}
        )
        cls.sector_lyon.team_id = cls.team
        Category = cls.env["product.category"]
        cls.categ_root = Category.create({"name": "Catalogue test ventes"})
        cls.categ_software = Category.create(
            {"name": "Logiciels test", "parent_id": cls.categ_root.id}
        )
        cls.categ_saas = Category.create(
            {"name": "SaaS test", "parent_id": cls.categ_software.id}
        )
        cls.categ_service = Category.create(
            {"name": "Prestations test", "parent_id": cls.categ_root.id}
        )
        Product = cls.env["product.product"]
        cls.product_saas = Product.create(
            {
                "name": "Abonnement SaaS test",
                "categ_id": cls.categ_saas.id,
                "list_price": 100.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.product_service = Product.create(
            {
                "name": "Journée de formation test",
                "categ_id": cls.categ_service.id,
                "list_price": 100.0,
                "taxes_id": [Command.clear()],
            }
        )
        Partner = cls.env["res.partner"]
        cls.customer_new = Partner.create(cls._company_vals("Boulangerie Nouvelle"))
        cls.customer_old = Partner.create(cls._company_vals("Imprimerie Ancienne"))
        cls.customer_export = Partner.create(
            cls._company_vals("Export Lointain", "75008", "Paris")
        )

    @classmethod
    def _order(
        cls, partner, lines, when, user=None, team=None, state="sale", quoted=None
    ):
        """A sale order of ``lines`` [(product, quantity, unit price)], in
        ``state``, dated ``when`` and created on ``quoted`` (default ``when``)."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "company_id": cls.company_a.id,
                "user_id": (user or cls.rep_lyon).id,
                "team_id": (team or cls.team).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "price_unit": price,
                            "tax_id": [Command.clear()],
                        }
                    )
                    for product, qty, price in lines
                ],
            }
        )
        stamp = datetime.combine(when, datetime.min.time()).replace(hour=10)
        if state == "sale":
            order.action_confirm()
        elif state in ("sent", "cancel"):
            order.state = state
        order.date_order = stamp
        cls.env.flush_all()
        created = datetime.combine(quoted or when, datetime.min.time()).replace(hour=9)
        cls.env.cr.execute(
            "UPDATE sale_order SET create_date = %s WHERE id = %s", (created, order.id)
        )
        order.invalidate_recordset(["create_date"])
        return order

    @classmethod
    def _opportunity(cls, name, revenue, probability, deadline, user=None, **extra):
        vals = {
            "name": name,
            "type": "opportunity",
            "company_id": cls.company_a.id,
            "user_id": (user or cls.rep_lyon).id,
            "team_id": cls.team.id,
            "expected_revenue": revenue,
            "probability": probability,
            "date_deadline": deadline,
        }
        vals.update(extra)
        return cls.env["crm.lead"].create(vals)

    @classmethod
    def _objective_vals(cls, **extra):
        vals = {
            "owner_type": "user",
            "user_id": cls.rep_lyon.id,
            "period_type": "quarter",
            "date_from": Q2_START,
            "measure": "revenue",
            "target": 1000.0,
            "company_id": cls.company_a.id,
        }
        vals.update(extra)
        return vals
