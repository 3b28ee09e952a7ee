from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CrmPmeSalesCase


@tagged("post_install", "-at_install", "is_query_count")
class TestPortfolio(CrmPmeSalesCase):
    """Imprimerie Ancienne (rep_lyon): orders confirmed 400 days ago (1000,
    out of the 12 months), 100 days ago (1500) and 10 days ago (500), one
    cancelled; last order 10 days ago; no invoice, so no revenue (orders
    are not revenue until invoiced); 2 open opportunities (one won and one
    lost left out)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        old, saas = cls.customer_old, cls.product_saas
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Jeanne Imprimeuse", "parent_id": old.id}
        )
        for days, amount, state in [
            (400, 1000.0, "sale"),
            (100, 1500.0, "sale"),
            (10, 500.0, "sale"),
            (5, 900.0, "cancel"),
        ]:
            cls._order(
                old, [(saas, 1, amount)], cls.today - timedelta(days=days), state=state
            )
        cls.quotation = cls._order(
            cls.buyer, [(saas, 1, 300.0)], cls.today, state="sent"
        )
        deadline = cls.today + timedelta(days=30)
        opp = cls._opportunity
        cls.opp_open = opp("Catalogue 2027", 5000, 40, deadline, partner_id=old.id)
        cls.opp_buyer = opp("Affiches", 800, 60, deadline, partner_id=cls.buyer.id)
        cls.opp_won = opp("Flyers", 300, 100, deadline, partner_id=old.id)
        cls.opp_won.action_set_won()
        opp("Perdue", 100, 10, deadline, partner_id=old.id).action_set_lost()

    def test_portfolio_figures(self):
        partners = (self.customer_old | self.buyer | self.customer_new).with_user(
            self.rep_lyon
        )
        self.assertEqual(
            [
                (
                    p.crm_pme_last_order_date,
                    p.crm_pme_revenue_12m,
                    p.crm_pme_open_opportunity_count,
                    p.crm_pme_overdue_amount,
                )
                for p in partners
            ],
            [(self.today - timedelta(days=10), 0.0, 2, 0.0)] * 2
            + [(False, 0.0, 0, 0.0)],
        )
        mine = (
            self.env["res.partner"]
            .with_user(self.rep_lyon)
            .search([("user_id", "=", self.rep_lyon.id), ("is_company", "=", True)])
        )
        self.assertIn(self.customer_old, mine)

    def test_portfolio_query_count_flat(self):
        Partner = self.env["res.partner"].with_user(self.rep_lyon)
        small = self.customer_old | Partner.browse(
            self.env["res.partner"]
            .create([self._company_vals(f"Prospect calme {i}") for i in range(9)])
            .ids
        )
        big = self.customer_old | Partner.browse(
            self.env["res.partner"]
            .create([self._company_vals(f"Prospect tranquille {i}") for i in range(99)])
            .ids
        )
        fields_ = [
            "crm_pme_last_order_date",
            "crm_pme_revenue_12m",
            "crm_pme_open_opportunity_count",
            "crm_pme_overdue_amount",
        ]
        small.with_user(self.rep_lyon).read(fields_)
        self.env.invalidate_all()
        count0 = self.env.cr.sql_log_count
        small.with_user(self.rep_lyon).read(fields_)
        small_count = self.env.cr.sql_log_count - count0
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            big.with_user(self.rep_lyon).read(fields_)

    def _transfer(self, user, **values):
        wizard_form = Form(
            self.env["crm.pme.portfolio.transfer"]
            .with_user(user)
            .with_context(active_model="res.partner", active_ids=[self.buyer.id])
        )
        for name, value in values.items():
            setattr(wizard_form, name, value)
        return wizard_form.save()

    def test_transfer_selected_companies(self):
        wizard = self._transfer(self.manager, to_user_id=self.rep_region)
        self.assertEqual(wizard.partner_ids, self.customer_old)
        wizard.action_transfer()
        self.assertEqual(self.customer_old.user_id, self.rep_region)
        self.assertEqual(self.buyer.user_id, self.rep_region)
        self.assertEqual(self.opp_open.user_id, self.rep_region)
        self.assertEqual(self.opp_buyer.user_id, self.rep_region)
        self.assertEqual(self.quotation.user_id, self.rep_region)
        # History stays with who did it.
        self.assertEqual(self.opp_won.user_id, self.rep_lyon)
        confirmed = self.env["sale.order"].search(
            [("partner_id", "=", self.customer_old.id), ("state", "=", "sale")]
        )
        self.assertEqual(confirmed.user_id, self.rep_lyon)
        self.assertIn(
            "Portfolio transferred from Léa Lyon to Rémi Région by Marie Responsable",
            self.customer_old.message_ids[0].body,
        )
        self.assertEqual(self.customer_new.user_id, self.rep_lyon)

    def test_transfer_whole_portfolio_keeping_deals(self):
        wizard = self._transfer(
            self.manager,
            from_user_id=self.rep_lyon,
            to_user_id=self.manager,
            transfer_opportunities=False,
            transfer_quotations=False,
        )
        wizard.action_transfer()
        self.assertEqual((self.customer_old | self.customer_new).user_id, self.manager)
        self.assertEqual(self.opp_open.user_id, self.rep_lyon)
        self.assertEqual(self.quotation.user_id, self.rep_lyon)

    def test_transfer_refused(self):
        wizard = self._transfer(self.rep_lyon, to_user_id=self.rep_region)
        with self.assertRefused(AccessError, "sales manager"):
            wizard.action_transfer()
        self.assertEqual(self.customer_old.user_id, self.rep_lyon)
        empty = (
            self.env["crm.pme.portfolio.transfer"]
            .with_user(self.manager)
            .create({"to_user_id": self.rep_region.id})
        )
        with self.assertRefused(UserError, "Choose the companies"):
            empty.action_transfer()
