from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DashboardCase


@tagged("post_install", "-at_install")
class TestDashboardAccess(DashboardCase):
    def test_salesperson_sees_own_figures(self):
        """Marc (own documents only) sees his customer at risk and his
        invoice, nothing of Léa's, and no after-sales or marketing section."""
        data = self.dashboard(user=self.rep_2)
        self.assertEqual(data["filters"]["user_id"], self.rep_2.id)
        self.assertFalse(data["filters"]["sees_all"])
        headline = self.tiles(data, "headline")
        self.assertEqual((headline["lost_count"], headline["risk_count"]), (0, 1))
        sales = self.tiles(data, "sales")
        self.assertAlmostEqual(sales["invoiced"], 250.0)
        self.assertAlmostEqual(sales["ordered"], 0.0)
        self.assertAlmostEqual(self.tiles(data, "receivables")["overdue"], 250.0)
        self.assertEqual(
            {s["key"] for s in data["sections"]},
            {"headline", "sales", "conversion", "criteria", "receivables"},
        )
        self.assertEqual(data["choices"]["users"], [[self.rep_2.id, self.rep_2.name]])

    def test_salesperson_cannot_ask_for_someone_else(self):
        with self.assertRaisesRegex(AccessError, "own figures"):
            self.dashboard(user=self.rep_2, user_id=self.rep.id)

    def test_manager_sees_everyone_and_filters(self):
        data = self.dashboard(user=self.manager)
        self.assertTrue(data["filters"]["sees_all"])
        self.assertAlmostEqual(self.tiles(data, "sales")["invoiced"], 1050.0)
        only_lea = self.dashboard(user=self.manager, user_id=self.rep.id)
        self.assertAlmostEqual(self.tiles(only_lea, "sales")["invoiced"], 800.0)
        team = self.dashboard(user=self.manager, team_id=self.team.id)
        self.assertAlmostEqual(self.tiles(team, "sales")["ordered"], 1200.0)

    def test_other_company_refused_even_with_crafted_context(self):
        with self.assertRaises(AccessError):
            self.dashboard(user=self.manager, company_id=self.company_2.id)
        Dashboard = (
            self.env["crm.pme.dashboard"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=[self.company_2.id])
        )
        with self.assertRaises(AccessError):
            Dashboard.get_dashboard(self.filters)

    def test_user_without_sales_rights_refused(self):
        with self.assertRaisesRegex(AccessError, "sales staff"):
            self.dashboard(user=self.accountant)

    def test_two_companies_manager_sees_each_apart(self):
        both = new_test_user(
            self.env,
            login="dash_both",
            groups="sales_team.group_sale_manager,crm_pme_base.crm_pme_group_manager",
            company_id=self.company.id,
            company_ids=[self.company.id, self.company_2.id],
        )
        Dashboard = (
            self.env["crm.pme.dashboard"]
            .with_user(both)
            .with_context(allowed_company_ids=[self.company.id, self.company_2.id])
        )
        data = Dashboard.get_dashboard(self.filters)
        self.assertAlmostEqual(self.tiles(data, "sales")["invoiced"], 1050.0)
        self.assertEqual(
            {c[0] for c in data["choices"]["companies"]},
            {self.company.id, self.company_2.id},
        )
        data_2 = Dashboard.get_dashboard(
            {**self.filters, "company_id": self.company_2.id}
        )
        self.assertAlmostEqual(self.tiles(data_2, "sales")["invoiced"], 5000.0)
