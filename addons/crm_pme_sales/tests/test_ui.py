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
