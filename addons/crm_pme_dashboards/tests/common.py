from datetime import datetime, time, timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class DashboardCase(AccountTestInvoicingCommon):
    """A fixed data set whose figures are computed by hand.

    Period: the 90 days up to today (custom). Company 1 (the test company),
    second currency CHF at 2 CHF per unit until 50 days ago, 4 CHF after.

    - Alpha (Rhône, Léa's): invoice 1000 ten days ago (due then, unpaid),
      credit note 200 five days ago: 800 invoiced in the period.
    - Bravo (Rhône, Léa's): active 500 days ago, lost 30 days ago; invoices
      600 (100 days ago, paid) and 400 (200 days ago, unpaid): 1000 in the
      12 months before it was lost.
    - Charlie: active 600 days ago, still a customer.
    - Delta (Paris, Marc's): at risk; invoice 500 CHF sixty days ago = 250.
    - Company 2: Echo, lost 20 days ago, invoice 5000: never counted.
    Orders (Léa's): 1000 ordered 20 days ago (quoted 25 days ago), a
    quotation of 500 sent 15 days ago, 400 CHF ordered 60 days ago (200),
    300 ordered 375 days ago (same period last year).
    Opportunities (Léa's): won 10 days ago after 30 days; lost 5 days ago;
    open, 10000 at 30 % expected in 20 days (3000 weighted)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.env.user.groups_id |= cls.env.ref("crm_pme_base.crm_pme_group_manager")
        cls.company_2 = cls.setup_other_company(name="Filiale Nantes")["company"]
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.chf = cls.setup_other_currency(
            "CHF",
            rates=[
                (cls.today - timedelta(days=400), 2.0),
                (cls.today - timedelta(days=50), 4.0),
            ],
        )
        common = {"company_id": cls.company.id, "company_ids": [cls.company.id]}
        cls.rep = new_test_user(
            cls.env,
            login="dash_rep",
            groups="sales_team.group_sale_salesman,crm_pme_base.crm_pme_group_user",
            name="Léa Tableau",
            **common,
        )
        cls.rep_2 = new_test_user(
            cls.env,
            login="dash_rep_2",
            groups="sales_team.group_sale_salesman,crm_pme_base.crm_pme_group_user",
            name="Marc Tableau",
            **common,
        )
        cls.manager = new_test_user(
            cls.env,
            login="dash_manager",
            groups="sales_team.group_sale_manager,crm_pme_base.crm_pme_group_manager",
            name="Hélène Tableau",
            **common,
        )
        cls.accountant = new_test_user(
            cls.env, login="dash_accountant", groups="base.group_user", **common
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Équipe tableau",
                "company_id": cls.company.id,
                "member_ids": [Command.set([cls.rep.id, cls.rep_2.id])],
            }
        )
        france = cls.env.ref("base.fr")
        Partner = cls.env["res.partner"]

        def company_partner(name, zip_code, city, user):
            return Partner.create(
                {
                    "name": name,
                    "is_company": True,
                    "country_id": france.id,
                    "zip": zip_code,
                    "city": city,
                    "user_id": user.id,
                    "company_id": cls.company.id,
                }
            )

        cls.alpha = company_partner("Alpha Tableau", "69003", "Lyon", cls.rep)
        cls.bravo = company_partner("Bravo Tableau", "69002", "Lyon", cls.rep)
        cls.charlie = company_partner("Charlie Tableau", "69001", "Lyon", cls.rep)
        cls.delta = company_partner("=Delta Tableau", "75008", "Paris", cls.rep_2)
        cls.echo = Partner.create(
            {"name": "Echo Nantes", "is_company": True, "company_id": cls.company_2.id}
        )
        cls._invoice(cls.alpha, 10, 1000.0, cls.rep)
        cls._invoice(cls.alpha, 5, 200.0, cls.rep, move_type="out_refund")
        bravo_paid = cls._invoice(cls.bravo, 100, 600.0, cls.rep)
        cls._pay(bravo_paid)
        cls._invoice(cls.bravo, 200, 400.0, cls.rep)
        cls._invoice(cls.delta, 60, 500.0, cls.rep_2, currency=cls.chf)
        cls._invoice(cls.echo, 15, 5000.0, cls.rep, company=cls.company_2)
        # What the lifecycle job writes (events are never created by users).
        Event = cls.env["crm.pme.lifecycle.event"].sudo()
        for partner, days, state, company in (
            (cls.bravo, 500, "active", cls.company),
            (cls.bravo, 30, "lost", cls.company),
            (cls.charlie, 600, "active", cls.company),
            (cls.echo, 20, "lost", cls.company_2),
        ):
            Event.create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "date": cls.today - timedelta(days=days),
                    "new_state": state,
                }
            )
        cls.delta.sudo().with_company(cls.company).lifecycle_state = "at_risk"
        cls.order = cls._order(1000.0, 20, quoted=25)
        cls._order(500.0, 15, state="sent")
        cls.order_chf = cls._order(400.0, 60, currency=cls.chf)
        cls._order(300.0, 375)
        stage_won = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        stage_new = cls.env["crm.stage"].search(
            [("is_won", "=", False)], order="sequence", limit=1
        )
        Lead = cls.env["crm.lead"]
        won = Lead.create(
            {
                "name": "Gagnée tableau",
                "type": "opportunity",
                "user_id": cls.rep.id,
                "team_id": cls.team.id,
                "company_id": cls.company.id,
                "stage_id": stage_won.id,
            }
        )
        lost = Lead.create(
            {
                "name": "Perdue tableau",
                "type": "opportunity",
                "user_id": cls.rep.id,
                "team_id": cls.team.id,
                "company_id": cls.company.id,
            }
        )
        lost.action_set_lost()
        cls.open_lead = Lead.create(
            {
                "name": "Ouverte tableau",
                "type": "opportunity",
                "user_id": cls.rep.id,
                "team_id": cls.team.id,
                "company_id": cls.company.id,
                "stage_id": stage_new.id,
                "expected_revenue": 10000.0,
                "probability": 30.0,
                "date_deadline": cls.today + timedelta(days=20),
            }
        )
        cls.env.flush_all()
        for lead, closed, created in ((won, 10, 40), (lost, 5, 12)):
            cls.env.cr.execute(
                "UPDATE crm_lead SET date_closed = %s, create_date = %s WHERE id = %s",
                (
                    cls._stamp(closed),
                    cls._stamp(created),
                    lead.id,
                ),
            )
        Lead.invalidate_model(["date_closed", "create_date"])
        cls.filters = {
            "period": "custom",
            "date_from": fields.Date.to_string(cls.today - timedelta(days=90)),
            "date_to": fields.Date.to_string(cls.today),
            "company_id": cls.company.id,
        }

    @classmethod
    def _stamp(cls, days_ago):
        return datetime.combine(cls.today - timedelta(days=days_ago), time(10))

    @classmethod
    def _invoice(
        cls,
        partner,
        days_ago,
        amount,
        user,
        move_type="out_invoice",
        currency=None,
        company=None,
    ):
        day = cls.today - timedelta(days=days_ago)
        invoice = cls.init_invoice(
            move_type,
            partner=partner,
            invoice_date=day,
            amounts=[amount],
            taxes=[],
            currency=currency,
            company=company or cls.company,
        )
        invoice.write(
            {
                "invoice_payment_term_id": False,
                "invoice_date_due": day,
                "invoice_user_id": user.id,
            }
        )
        invoice.action_post()
        return invoice

    @classmethod
    def _pay(cls, invoice):
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()

    @classmethod
    def _order(cls, price, days_ago, state="sale", quoted=None, currency=None):
        pricelist = False
        if currency:
            pricelist = cls.env["product.pricelist"].create(
                {
                    "name": f"Tarif {currency.name}",
                    "currency_id": currency.id,
                    "company_id": cls.company.id,
                }
            )
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.alpha.id,
                "company_id": cls.company.id,
                "user_id": cls.rep.id,
                "team_id": cls.team.id,
                "pricelist_id": pricelist.id if pricelist else False,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product_a.id,
                            "price_unit": price,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        if state == "sale":
            order.action_confirm()
        else:
            order.state = state
        order.date_order = cls._stamp(days_ago)
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE sale_order SET create_date = %s WHERE id = %s",
            (cls._stamp(quoted or days_ago), order.id),
        )
        order.invalidate_recordset(["create_date"])
        return order

    def dashboard(self, user=None, **filters):
        Dashboard = self.env["crm.pme.dashboard"]
        if user:
            Dashboard = Dashboard.with_user(user)
        return Dashboard.get_dashboard({**self.filters, **filters})

    @staticmethod
    def section(data, key):
        return next(s for s in data["sections"] if s["key"] == key)

    @classmethod
    def tiles(cls, data, key):
        return {tile["key"]: tile["value"] for tile in cls.section(data, key)["tiles"]}
