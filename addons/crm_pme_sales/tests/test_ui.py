from odoo import fields
from odoo.tests import Form, HttpCase, tagged

from ..tools import objective as rules
from .common import CrmPmeSalesCase


@tagged("post_install", "-at_install")
class TestObjectiveUi(HttpCase, CrmPmeSalesCase):
    def test_manager_sets_objective_tour(self):
        self.start_tour(
            "/odoo/action-crm_pme_sales.crm_pme_objective_action",
            "crm_pme_sales_set_objective",
            login=self.manager.login,
        )
        objective = self.env["crm.pme.objective"].search(
            [("user_id", "=", self.rep_lyon.id)]
        )
        today = fields.Date.context_today(objective)
        self.assertEqual(
            (objective.target, objective.measure, objective.date_from),
            (4000.0, "revenue", rules.period_start("quarter", today)),
        )


@tagged("post_install", "-at_install")
class TestObjectiveUiPhone(HttpCase, CrmPmeSalesCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_salesperson_finds_objective_on_phone(self):
        with Form(self.env["crm.pme.objective"].with_user(self.manager)) as form:
            form.user_id = self.rep_lyon
            form.target = 4000
        self.start_tour(
            "/odoo/action-crm_pme_sales.crm_pme_objective_action_mine",
            "crm_pme_sales_my_objectives_phone",
            login=self.rep_lyon.login,
        )

    def test_manager_reads_objectives_on_phone(self):
        """A team objective and a user objective passed by half (1,500 of
        1,000): both are cards, the passed one a full green bar at 150 %."""
        today = fields.Date.context_today(self.env.user)
        self._order(self.customer_new, [(self.product_saas, 15, 100.0)], today)
        Objective = self.env["crm.pme.objective"].with_user(self.manager)
        passed = Objective.create({"user_id": self.rep_lyon.id, "target": 1000})
        team_objective = Objective.create(
            {"owner_type": "team", "team_id": self.other_team.id, "target": 2500}
        )
        self.assertEqual(passed.attainment, 150.0)
        self.assertEqual(team_objective.attainment, 0.0)
        self.start_tour(
            "/odoo/action-crm_pme_sales.crm_pme_objective_action",
            "crm_pme_sales_objectives_manager_phone",
            login=self.manager.login,
        )
