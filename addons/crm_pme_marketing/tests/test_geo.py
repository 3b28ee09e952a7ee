import base64

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestGeoReport(AccountTestInvoicingCommon):
    """Four companies by hand:

    ======= ========= ============================== ========= =========
    company département invoices                      lifecycle responses
    ======= ========= ============================== ========= =========
    Rhône 1 69        1,000 (1 m), 500 (2 m), 2,000   active    0
                      (14 months: out of the 12)
    Rhône 2 69        none                            prospect  1 lead
    Isère   38        300 (7 months)                  active    0
    Paris   75        none                            prospect  0
    ======= ========= ============================== ========= =========
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.env.user.groups_id |= cls.env.ref("crm_pme_base.crm_pme_group_manager")
        fr = cls.env.ref("base.fr")
        Partner = cls.env["res.partner"]

        def company(name, zip_code, city):
            return Partner.create(
                {
                    "name": name,
                    "is_company": True,
                    "country_id": fr.id,
                    "zip": zip_code,
                    "city": city,
                }
            )

        cls.rhone_1 = company("Geo Mkt Rhône 1", "69002", "Lyon")
        cls.rhone_2 = company("Geo Mkt Rhône 2", "69003", "Lyon")
        cls.isere = company("Geo Mkt Isère", "38000", "Grenoble")
        cls.paris = company("Geo Mkt Paris", "75011", "Paris")
        today = fields.Date.today()
        moves = cls.env["account.move"]
        for partner, months, amount in [
            (cls.rhone_1, 1, 1000),
            (cls.rhone_1, 2, 500),
            (cls.rhone_1, 14, 2000),
            (cls.isere, 7, 300),
        ]:
            moves |= cls.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": today - relativedelta(months=months),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Prestation géo",
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        moves.action_post()
        Partner._crm_pme_recompute_lifecycle()
        campaign = cls.env["crm.pme.campaign"].create(
            {"name": "Geo Mkt Campagne", "company_id": cls.company.id}
        )
        cls.env["crm.lead"].create(
            {
                "name": "Geo Mkt piste",
                "partner_id": cls.rhone_2.id,
                "campaign_id": campaign.utm_campaign_id.id,
            }
        )
        # A shared business has a row in every company: read company A's.
        cls.domain = [
            ("partner_id.name", "like", "Geo Mkt"),
            ("company_id", "=", cls.company.id),
        ]

    def _by(self, groupby):
        Report = self.env["crm.pme.geo.report"]
        rows = Report._read_group(
            self.domain,
            [groupby],
            [
                "partner_count:sum",
                "customer_count:sum",
                "penetration:avg",
                "revenue_12m:sum",
                "response_count:sum",
            ],
        )
        return {
            group.code if groupby == "department_id" else group.name: (
                companies,
                customers,
                round(penetration, 2),
                revenue,
                responses,
            )
            for group, companies, customers, penetration, revenue, responses in rows
        }

    def test_by_department(self):
        self.assertEqual(self.rhone_1.lifecycle_state, "active")
        self.assertEqual(
            self._by("department_id"),
            {
                "69": (2, 1, 50.0, 1500.0, 1),
                "38": (1, 1, 100.0, 300.0, 0),
                "75": (1, 0, 0.0, 0.0, 0),
            },
        )

    def test_by_region(self):
        by_region = self._by("region_id")
        self.assertEqual(len(by_region), 2)
        ara = self.env.ref("l10n_fr_state.res_country_state_auvergne").name
        idf = self.env.ref("l10n_fr_state.res_country_state_iledefrance").name
        self.assertEqual(by_region[ara], (3, 2, 66.67, 1800.0, 1))
        self.assertEqual(by_region[idf], (1, 0, 0.0, 0.0, 0))

    def test_access_and_views(self):
        user = new_test_user(
            self.env,
            login="geo_mkt_user",
            groups="crm_pme_base.crm_pme_group_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        Report = self.env["crm.pme.geo.report"].with_user(user)
        self.assertEqual(Report.search_count(self.domain), 4)
        for view_type in ("pivot", "graph", "list"):
            with self.subTest(view_type=view_type):
                self.assertTrue(Report.get_views([(False, view_type)]))
        action = self.env.ref("crm_pme_marketing.res_partner_action_map")
        self.assertEqual(action.view_mode.split(",")[0], "leaflet_map")
        self.assertIn(b"<svg", self._marker(self.rhone_1))
        self.assertIn(b"#2ca02c", self._marker(self.rhone_1))  # active: green
        self.assertIn(b"#1f77b4", self._marker(self.paris))  # prospect: blue

    def _marker(self, partner):
        return base64.b64decode(partner.crm_pme_map_marker)


@tagged("post_install", "-at_install")
class TestGeoReportCompanies(AccountTestInvoicingCommon):
    """A business shared by company A (USD) and company B (EUR), invoiced
    1,000 USD in A and 300 EUR in B, in a sector of each company: one row
    per company, each with that company's figures in its currency."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("crm_pme_base.crm_pme_group_manager")
        cls.company_a = cls.company_data["company"]
        cls.eur = cls.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        cls.company_b = cls.setup_other_company(
            name="Geo Mkt Nantes", currency_id=cls.eur.id
        )["company"]
        cls.env.user.company_ids |= cls.company_b
        Sector = cls.env["crm.pme.sector"]
        cls.sector_a = Sector.create(
            {"name": "Geo Secteur A", "code": "GEOA", "company_id": cls.company_a.id}
        )
        cls.sector_b = Sector.with_company(cls.company_b).create(
            {"name": "Geo Secteur B", "code": "GEOB", "company_id": cls.company_b.id}
        )
        cls.shared = cls.env["res.partner"].create(
            {"name": "Geo Mkt Partagé", "is_company": True}
        )
        cls.shared.with_company(cls.company_a).sector_id = cls.sector_a
        cls.shared.with_company(cls.company_b).sector_id = cls.sector_b
        today = fields.Date.today()
        for company, amount in ((cls.company_a, 1000.0), (cls.company_b, 300.0)):
            cls.init_invoice(
                "out_invoice",
                partner=cls.shared,
                invoice_date=today - relativedelta(months=1),
                amounts=[amount],
                taxes=[],
                post=True,
                company=company,
            )
        cls.env["res.partner"]._crm_pme_recompute_lifecycle()
        cls.user_a = new_test_user(
            cls.env,
            login="geo_mkt_user_a",
            groups="crm_pme_base.crm_pme_group_user",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
        )

    def test_one_row_per_company(self):
        rows = self.env["crm.pme.geo.report"].search(
            [("partner_id", "=", self.shared.id)]
        )
        figures = {
            row.company_id: (
                row.sector_id,
                row.lifecycle_state,
                row.revenue_12m,
                row.currency_id,
            )
            for row in rows
        }
        self.assertEqual(
            figures[self.company_a],
            (self.sector_a, "active", 1000.0, self.company_a.currency_id),
        )
        self.assertEqual(
            figures[self.company_b], (self.sector_b, "active", 300.0, self.eur)
        )
        self.assertEqual(len(set(rows.ids)), len(rows))

    def test_user_sees_own_company_rows(self):
        rows = (
            self.env["crm.pme.geo.report"]
            .with_user(self.user_a)
            .search([("partner_id", "=", self.shared.id)])
        )
        self.assertEqual(rows.company_id, self.company_a)
        self.assertEqual(rows.revenue_12m, 1000.0)
