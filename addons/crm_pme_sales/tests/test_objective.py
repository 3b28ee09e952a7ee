from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from ..tools import objective as rules
from .common import Q2_END, Q2_START, CrmPmeSalesCase


@tagged("post_install", "-at_install", "is_query_count")
class TestObjective(CrmPmeSalesCase):
    """Figures on a fixed data set for Q2 2026, computed by hand:

    rep_lyon, team "Rhône":
      O0 Imprimerie Ancienne, confirmed 10/02 (Q1), 1 training day x 400
      O1 Boulangerie Nouvelle, confirmed 15/04: 3 SaaS x 100 + 2 days x 100 = 500
      O2 Imprimerie Ancienne, confirmed 20/05: 10 SaaS x 150 = 1500
      O3 Imprimerie Ancienne, quotation sent 10/06: 1000 (not an order)
      O4 Boulangerie Nouvelle, cancelled 12/05: 700
      O5 Boulangerie Nouvelle, confirmed 02/07 (Q3): 900
      O7 Boulangerie Nouvelle, draft quotation 01/05: 300 (not sent)
    rep_region, team "Export":
      O6 Export Lointain (sector France), confirmed 05/05: 800

    rep_lyon Q2: revenue 500 + 1500 = 2000; software category (SaaS) 300 +
    1500 = 1800; 2 orders; 1 new customer (Boulangerie; Imprimerie bought in
    Q1); 3 quotes sent (O1, O2, O3).
    Opportunities closing in Q2: rep_lyon 10000 x 30% + 2000 x 50% = 4000
    (one in Q3, one won, one lost left out); rep_region 6000 x 50% = 3000.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        saas, service = cls.product_saas, cls.product_service
        new, old = cls.customer_new, cls.customer_old
        cls._order(old, [(service, 1, 400.0)], date(2026, 2, 10))
        cls._order(new, [(saas, 3, 100.0), (service, 2, 100.0)], date(2026, 4, 15))
        cls._order(old, [(saas, 10, 150.0)], date(2026, 5, 20))
        cls._order(old, [(saas, 1, 1000.0)], date(2026, 6, 10), state="sent")
        cls._order(new, [(service, 7, 100.0)], date(2026, 5, 12), state="cancel")
        cls._order(new, [(service, 9, 100.0)], date(2026, 7, 2))
        cls._order(new, [(saas, 3, 100.0)], date(2026, 5, 1), state="draft")
        cls._order(
            cls.customer_export,
            [(service, 8, 100.0)],
            date(2026, 5, 5),
            user=cls.rep_region,
            team=cls.other_team,
        )
        opp = cls._opportunity
        opp("Migration ERP", 10000.0, 30.0, date(2026, 6, 15))
        opp("Formation équipe", 2000.0, 50.0, date(2026, 4, 30))
        opp("Projet été", 5000.0, 50.0, date(2026, 7, 15))
        opp("Déjà signé", 4000.0, 100.0, date(2026, 5, 15))
        opp("Perdu", 3000.0, 20.0, date(2026, 5, 15)).action_set_lost()
        opp("Affaire Rémi", 6000.0, 50.0, date(2026, 6, 1), user=cls.rep_region)
        Objective = cls.env["crm.pme.objective"]
        cls.obj_lyon = Objective.create(cls._objective_vals(target=4000.0))
        cls.obj_region = Objective.create(
            cls._objective_vals(user_id=cls.rep_region.id, target=3000.0)
        )
        cls.obj_team = Objective.create(
            cls._objective_vals(
                owner_type="team", user_id=False, team_id=cls.team.id, target=8000.0
            )
        )

    def _create(self, user=None, **vals):
        Objective = self.env["crm.pme.objective"]
        if user:
            Objective = Objective.with_user(user)
        return Objective.create(self._objective_vals(**vals))

    def test_manager_sets_objective_in_form(self):
        with Form(self.env["crm.pme.objective"].with_user(self.manager)) as form:
            form.owner_type = "user"
            form.user_id = self.rep_lyon
            form.period_type = "quarter"
            form.date_from = Q2_START
            form.measure = "order_count"
            form.target = 4
            self.assertEqual(form.date_to, Q2_END)
            form.period_type = "month"
            self.assertEqual(form.date_to, date(2026, 4, 30))
            form.period_type = "quarter"
        objective = form.record
        self.assertEqual((objective.date_from, objective.date_to), (Q2_START, Q2_END))
        self.assertEqual(objective.actual, 2)
        self.assertAlmostEqual(objective.forecast, 2 + 0.3 + 0.5)
        self.assertEqual(objective.attainment, 50.0)

    def test_revenue_actual_forecast_attainment(self):
        objective = self.obj_lyon
        self.assertEqual(objective.actual, 2000.0)
        pipeline = rules.weighted_pipeline([(10000.0, 30.0), (2000.0, 50.0)])
        self.assertEqual(objective.forecast, rules.forecast(2000.0, pipeline))
        self.assertEqual(objective.forecast, 6000.0)
        self.assertEqual(objective.attainment, 50.0)
        self.assertEqual(self.obj_region.actual, 800.0)
        self.assertEqual(self.obj_region.forecast, 800.0 + 3000.0)
        self.assertAlmostEqual(self.obj_region.attainment, 26.67)

    def test_other_measures(self):
        figures = {}
        for measure in ("order_count", "new_customer_count", "quote_count"):
            objective = self._create(measure=measure, target=4)
            figures[measure] = (objective.actual, objective.forecast)
        self.assertEqual(
            figures,
            {
                "order_count": (2.0, 2.8),
                "new_customer_count": (1.0, 1.0),
                "quote_count": (3.0, 3.0),
            },
        )
        region = self._create(
            measure="new_customer_count", user_id=self.rep_region.id, target=2
        )
        self.assertEqual((region.actual, region.attainment), (1.0, 50.0))

    def test_category_and_periods(self):
        software = self._create(product_category_id=self.categ_software.id, target=3600)
        service = self._create(product_category_id=self.categ_service.id, target=400)
        self.assertEqual((software.actual, software.attainment), (1800.0, 50.0))
        # No pipeline for a category objective: opportunities have no product.
        self.assertEqual(software.forecast, 1800.0)
        self.assertEqual((service.actual, service.attainment), (200.0, 50.0))
        may = self._create(period_type="month", date_from=date(2026, 5, 1))
        self.assertEqual(may.date_to, date(2026, 5, 31))
        self.assertEqual(may.actual, 1500.0)
        self.assertEqual(may.forecast, 1500.0)
        year = self._create(period_type="year", date_from=date(2026, 1, 1))
        self.assertEqual(year.actual, 400.0 + 2000.0 + 900.0)

    def test_team_and_sector(self):
        self.assertEqual(self.obj_team.actual, 2000.0)
        self.assertEqual(self.obj_team.forecast, 2000.0 + 4000.0 + 3000.0)
        self.assertEqual(self.obj_team.attainment, 25.0)
        self.assertEqual(self.obj_team.rollup_target, 4000.0 + 3000.0)
        self.assertEqual(self.obj_team.rollup_actual, 2000.0 + 800.0)
        self.assertEqual(self.obj_lyon.rollup_target, 0.0)
        sector = self._create(
            owner_type="sector", user_id=False, sector_id=self.sector_lyon.id
        )
        france = self._create(
            owner_type="sector", user_id=False, sector_id=self.sector_france.id
        )
        self.assertEqual((sector.actual, france.actual), (2000.0, 800.0))

    def test_refused_inputs(self):
        Objective = self.env["crm.pme.objective"]
        count = Objective.search_count([])
        with self.assertRefused(ValidationError, "negative"):
            self._create(user=self.manager, date_from=date(2027, 1, 1), target=-5)
        with self.assertRefused(ValidationError, "start date must come first"):
            self._create(
                user=self.manager,
                date_from=date(2027, 1, 1),
                date_to=date(2026, 12, 1),
            )
        with self.assertRefused(ValidationError, "already has an objective"):
            self._create(user=self.manager, target=5000.0)
        with self.assertRefused(ValidationError, "exactly one"):
            self._create(
                user=self.manager, owner_type="team", date_from=date(2027, 1, 1)
            )
        with self.assertRefused(ValidationError, "negative"):
            self.obj_lyon.with_user(self.manager).target = -1
        self.assertEqual(Objective.search_count([]), count)
        self.assertEqual(self.obj_lyon.target, 4000.0)
        # Same owner and period but another measure or category is fine.
        self._create(user=self.manager, measure="order_count")
        self._create(user=self.manager, product_category_id=self.categ_saas.id)

    def test_access(self):
        Objective = self.env["crm.pme.objective"]
        visible = Objective.with_user(self.rep_lyon).search([])
        self.assertEqual(visible, self.obj_lyon | self.obj_team)
        self.assertEqual(self.obj_lyon.with_user(self.rep_lyon).attainment, 50.0)
        with self.assertRaises(AccessError):
            self.obj_lyon.with_user(self.rep_lyon).target = 1.0
        with self.assertRaises(AccessError):
            self._create(user=self.rep_lyon, date_from=date(2027, 1, 1))
        with self.assertRaises(AccessError):
            self.obj_region.with_user(self.rep_lyon).read(["target"])
        self.assertFalse(Objective.with_user(self.user).search([]))
        # The manager sets targets.
        self.obj_lyon.with_user(self.manager).target = 5000.0
        self.assertEqual(self.obj_lyon.attainment, 40.0)
        self._create(user=self.manager, date_from=date(2027, 1, 1))
        # The second company sees nothing of the first.
        self.assertFalse(Objective.with_user(self.user_b).search([]))
        with self.assertRaises(AccessError):
            self.obj_lyon.with_user(self.user_b).read(["target"])

    def test_copy_to_next_period(self):
        objectives = (self.obj_lyon | self.obj_team).with_user(self.manager)
        with self.assertRaises(AccessError):
            objectives.with_user(self.rep_lyon).action_copy_to_next_period()
        action = objectives.action_copy_to_next_period()
        copies = self.env["crm.pme.objective"].search(action["domain"])
        self.assertEqual(len(copies), 2)
        self.assertEqual(
            {(c.date_from, c.date_to) for c in copies},
            {(date(2026, 7, 1), date(2026, 9, 30))},
        )
        self.assertEqual(
            sorted(copies.mapped("target")), sorted(objectives.mapped("target"))
        )
        self.assertEqual((copies.user_id, copies.team_id), (self.rep_lyon, self.team))
        # Q3 already has them: nothing to copy, nothing written.
        count = self.env["crm.pme.objective"].search_count([])
        with self.assertRefused(UserError, "nothing to copy"):
            objectives.action_copy_to_next_period()
        self.assertEqual(self.env["crm.pme.objective"].search_count([]), count)
        # Partly there: only the missing one is copied.
        action = (objectives | self.obj_region.with_user(self.manager))[
            :3
        ].action_copy_to_next_period()
        added = self.env["crm.pme.objective"].search(action["domain"])
        self.assertEqual(added.user_id, self.rep_region)

    def test_pivot_figures(self):
        groups = (
            self.env["crm.pme.objective"]
            .with_user(self.manager)
            .read_group(
                [("date_from", "=", Q2_START)],
                ["target:sum", "actual:sum", "forecast:sum", "attainment:avg"],
                ["owner_type"],
            )
        )
        by_type = {g["owner_type"]: g for g in groups}
        self.assertEqual(by_type["user"]["target"], 7000.0)
        self.assertEqual(by_type["user"]["actual"], 2800.0)
        self.assertEqual(by_type["user"]["forecast"], 2800.0 + 4000.0 + 3000.0)
        self.assertEqual(by_type["user"]["attainment"], 40.0)
        self.assertEqual(by_type["team"]["actual"], 2000.0)
        # Plain fields still group as usual.
        plain = self.env["crm.pme.objective"].read_group(
            [("date_from", "=", Q2_START)], ["target:sum"], ["owner_type"]
        )
        self.assertEqual({g["owner_type"]: g["target"] for g in plain}["team"], 8000.0)

    def _make_objectives(self, count, first_year):
        """``count`` monthly objectives over all owners and measures."""
        owners = [
            {"owner_type": "user", "user_id": self.rep_lyon.id},
            {"owner_type": "user", "user_id": self.rep_region.id},
            {"owner_type": "team", "user_id": False, "team_id": self.team.id},
            {
                "owner_type": "sector",
                "user_id": False,
                "sector_id": self.sector_lyon.id,
            },
        ]
        measures = ["revenue", "order_count", "new_customer_count", "quote_count"]
        vals_list = []
        for i in range(count):
            vals = self._objective_vals(
                period_type="month",
                date_from=date(first_year + i // 12, i % 12 + 1, 1),
                measure=measures[(i // 4) % 4],
                target=100.0 + i,
                **owners[i % 4],
            )
            vals_list.append(vals)
        return self.env["crm.pme.objective"].create(vals_list)

    def test_query_count_flat(self):
        fields = ["target", "actual", "forecast", "attainment", "rollup_target"]
        self._make_objectives(4, 2000).with_user(self.manager).read(fields)
        small = self._make_objectives(10, 2010).with_user(self.manager)
        big = self._make_objectives(100, 2030).with_user(self.manager)
        self.env.invalidate_all()
        count0 = self.env.cr.sql_log_count
        small.read(fields)
        small_count = self.env.cr.sql_log_count - count0
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            big.read(fields)
        self.assertEqual(len(big), 100)
        # 2026 is in neither batch; the Q2 months of a batch hold the figures.
        self.assertTrue(all(a == 0 for a in big.mapped("actual")))

    def test_messages_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["crm_pme_sales"], ["fr_FR"])
        Objective = (
            self.env["crm.pme.objective"]
            .with_user(self.manager)
            .with_context(lang="fr_FR")
        )
        with self.assertRefused(ValidationError, "supérieur ou égal à zéro"):
            Objective.create(
                self._objective_vals(date_from=date(2027, 1, 1), target=-5)
            )
        self.assertEqual(
            Objective._fields["attainment"]._description_string(Objective.env),
            "Taux d'atteinte (%)",
        )
