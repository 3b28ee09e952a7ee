from odoo.tests import Form, tagged

from .common import Q2_START, CrmPmeSalesCase


@tagged("post_install", "-at_install")
class TestSectorSales(CrmPmeSalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A company of the Lyon sector nobody follows yet.
        cls.unfollowed = cls.env["res.partner"].create(
            cls._company_vals("Fromagerie Sans Commercial", "69002")
        )
        cls.unfollowed.user_id = False
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Acheteuse Fromagerie", "parent_id": cls.unfollowed.id}
        )

    def test_quotation_gets_sector_salesperson_and_team(self):
        self.assertEqual(self.unfollowed.sector_id, self.sector_lyon)
        order_form = Form(self.env["sale.order"].with_user(self.manager))
        order_form.partner_id = self.buyer
        self.assertEqual(order_form.sector_id, self.sector_lyon)
        self.assertEqual(order_form.user_id, self.rep_lyon)
        self.assertEqual(order_form.team_id, self.team)
        order = order_form.save()
        self.assertEqual(
            (order.sector_id, order.user_id, order.team_id),
            (self.sector_lyon, self.rep_lyon, self.team),
        )

    def test_customer_salesperson_wins_over_sector(self):
        self.unfollowed.user_id = self.manager
        order_form = Form(self.env["sale.order"].with_user(self.manager))
        order_form.partner_id = self.unfollowed
        self.assertEqual(order_form.sector_id, self.sector_lyon)
        self.assertEqual(order_form.user_id, self.manager)
        # The manager leads the team of the sector: the sector's team stays.
        self.assertEqual(order_form.team_id, self.team)

    def test_customer_without_sector_keeps_core_behaviour(self):
        abroad = self.env["res.partner"].create(
            self._company_vals(
                "Client Genève", "1201", "Genève", country_id=self.env.ref("base.ch").id
            )
        )
        self.assertFalse(abroad.sector_id)
        order_form = Form(self.env["sale.order"].with_user(self.user))
        order_form.partner_id = abroad
        self.assertFalse(order_form.sector_id)
        self.assertEqual(order_form.user_id, self.user)

    def test_sector_can_be_changed_by_hand(self):
        order_form = Form(self.env["sale.order"].with_user(self.manager))
        order_form.partner_id = self.customer_new
        order_form.sector_id = self.sector_rhone
        order = order_form.save()
        self.assertEqual(order.sector_id, self.sector_rhone)
        # A later change of the customer's sector does not rewrite the order.
        self.customer_new.sector_id = self.sector_france
        self.assertEqual(order.sector_id, self.sector_rhone)

    def test_new_lead_without_salesperson_gets_sector_ones(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.manager)
            .create({"name": "Demande de devis fromages", "partner_id": self.buyer.id})
        )
        self.assertEqual(lead.sector_id, self.sector_lyon)
        self.assertEqual(lead.user_id, self.rep_lyon)
        self.assertEqual(lead.team_id, self.team)
        # A salesperson given explicitly is kept.
        mine = (
            self.env["crm.lead"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Affaire suivie",
                    "partner_id": self.buyer.id,
                    "user_id": self.manager.id,
                }
            )
        )
        self.assertEqual(mine.user_id, self.manager)
        self.assertEqual(mine.sector_id, self.sector_lyon)
        # A lead given a sector but no customer.
        cold = self.env["crm.lead"].create(
            {"name": "Salon Eurexpo", "sector_id": self.sector_rhone.id}
        )
        self.assertEqual(cold.user_id, self.rep_lyon)

    def test_opportunity_form_shows_sector(self):
        lead_form = Form(
            self.env["crm.lead"].with_user(self.rep_lyon),
            view="crm.crm_lead_view_form",
        )
        lead_form.name = "Renouvellement contrat"
        lead_form.partner_id = self.customer_old
        self.assertEqual(lead_form.sector_id, self.sector_lyon)
        lead = lead_form.save()
        self.assertEqual(lead.user_id, self.rep_lyon)

    def test_group_by_sector(self):
        self._order(self.customer_new, [(self.product_saas, 1, 100.0)], Q2_START)
        self._order(self.customer_export, [(self.product_saas, 2, 100.0)], Q2_START)
        groups = self.env["sale.order"]._read_group(
            [("company_id", "=", self.company_a.id)],
            ["sector_id"],
            ["amount_untaxed:sum"],
        )
        self.assertEqual(
            dict(groups), {self.sector_lyon: 100.0, self.sector_france: 200.0}
        )
        self.assertEqual(
            self.env["sale.order"].search_count(
                [("sector_id", "=", self.sector_france.id)]
            ),
            1,
        )

    def test_shared_customer_in_another_company(self):
        """A customer shared by the companies sits in a sector of each:
        Nantes' leads and quotations get Nantes' sector and its salesperson,
        Lyon's get Lyon's."""
        self.sector_b.user_id = self.user_b
        shared = (
            self.env["res.partner"]
            .with_company(self.company_a)
            .create(
                self._company_vals(
                    "Client Commun Lyon-Nantes", "69002", company_id=False
                )
            )
        )
        self.assertEqual(shared._crm_pme_get_sector(self.company_a), self.sector_lyon)
        self.assertEqual(shared._crm_pme_get_sector(self.company_b), self.sector_b)
        # The salesperson comes from the sector of the creator's company.
        self.assertEqual(shared.user_id, self.rep_lyon)
        nantes = self.env["crm.lead"].create(
            {
                "name": "Projet nantais",
                "partner_id": shared.id,
                "company_id": self.company_b.id,
            }
        )
        self.assertEqual(nantes.sector_id, self.sector_b)
        self.assertEqual(nantes.user_id, self.user_b)
        order = (
            self.env["sale.order"]
            .with_company(self.company_b)
            .create({"partner_id": shared.id, "company_id": self.company_b.id})
        )
        self.assertEqual(order.sector_id, self.sector_b)
        lyon = (
            self.env["sale.order"]
            .with_company(self.company_a)
            .create({"partner_id": shared.id, "company_id": self.company_a.id})
        )
        self.assertEqual(lyon.sector_id, self.sector_lyon)
        lead_lyon = (
            self.env["crm.lead"]
            .with_company(self.company_a)
            .create(
                {
                    "name": "Projet lyonnais",
                    "partner_id": shared.id,
                    "company_id": self.company_a.id,
                }
            )
        )
        self.assertEqual(lead_lyon.sector_id, self.sector_lyon)

    def test_lead_and_order_follow_one_rule(self):
        """A lead and a quotation of the same customer get the salesperson
        and the team of the one rule of crm_pme_base
        (crm.pme.sector._crm_pme_assignment)."""
        user, team = self.sector_lyon._crm_pme_assignment(
            self.company_a, self.env["res.users"], self.env["crm.team"]
        )
        self.assertEqual((user, team), (self.rep_lyon, self.team))
        lead = (
            self.env["crm.lead"]
            .with_user(self.manager)
            .create({"name": "Même règle", "partner_id": self.unfollowed.id})
        )
        order = (
            self.env["sale.order"]
            .with_user(self.manager)
            .create({"partner_id": self.unfollowed.id})
        )
        self.assertEqual((lead.user_id, lead.team_id), (user, team))
        self.assertEqual((order.user_id, order.team_id), (user, team))
        # A sector without a salesperson gives none: the creator stays the
        # salesperson of both, and its team goes to neither.
        self.sector_france.team_id = self.other_team
        paris = self.env["res.partner"].create(
            self._company_vals("Client Paris Sans Commercial", "75008", "Paris")
        )
        paris.user_id = False
        self.assertEqual(paris.sector_id, self.sector_france)
        lead = (
            self.env["crm.lead"]
            .with_user(self.rep_lyon)
            .create({"name": "Sans commercial de secteur", "partner_id": paris.id})
        )
        order = (
            self.env["sale.order"]
            .with_user(self.rep_lyon)
            .create({"partner_id": paris.id})
        )
        self.assertEqual((lead.user_id, order.user_id), (self.rep_lyon, self.rep_lyon))
        self.assertNotEqual(lead.team_id, self.other_team)
        self.assertNotEqual(order.team_id, self.other_team)
