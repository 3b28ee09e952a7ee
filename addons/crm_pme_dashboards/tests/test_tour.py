from odoo.tests import HttpCase, tagged

from .common import DashboardCase


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase, DashboardCase):
    def _check_last_12_months(self):
        data = self.dashboard(user=self.manager, period="last_12_months")
        self.assertAlmostEqual(self.tiles(data, "sales")["invoiced"], 2050.0)
        self.assertEqual(self.tiles(data, "headline")["risk_count"], 1)

    def test_manager_filters_and_drills_down(self):
        self.start_tour(
            "/odoo/crm-pme-dashboard", "crm_pme_dashboards_tour", login="dash_manager"
        )
        self._check_last_12_months()


@tagged("post_install", "-at_install")
class TestDashboardTourPhone(HttpCase, DashboardCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_manager_on_a_phone(self):
        self.start_tour(
            "/odoo/crm-pme-dashboard",
            "crm_pme_dashboards_phone_tour",
            login="dash_manager",
        )
        data = self.dashboard(user=self.manager, period="last_12_months")
        self.assertAlmostEqual(self.tiles(data, "receivables")["overdue"], 1450.0)
