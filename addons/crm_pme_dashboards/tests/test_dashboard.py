from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DashboardCase


@tagged("post_install", "-at_install", "is_query_count")
class TestDashboardFigures(DashboardCase):
    """Every figure against the value computed by hand in DashboardCase."""

    def test_headline_lost_and_at_risk(self):
        tiles = self.tiles(self.dashboard(), "headline")
        self.assertEqual(tiles["lost_count"], 1)
        self.assertAlmostEqual(tiles["lost_revenue"], 1000.0)
        self.assertEqual(tiles["retention"], 50.0)
        self.assertEqual(tiles["risk_count"], 1)
        self.assertAlmostEqual(tiles["risk_revenue"], 250.0)

    def test_lost_and_at_risk_revenue_is_their_last_12_months(self):
        """As the lifecycle dates them: lost 18 months after the last invoice,
        at risk after 12. What they brought is their last 12 months of
        invoices, not the empty 12 months before the loss or before today."""
        before = self.tiles(self.dashboard(), "headline")
        Partner = self.env["res.partner"]
        foxtrot = Partner.create(
            {"name": "Foxtrot Tableau", "is_company": True, "user_id": self.rep.id}
        )
        golf = Partner.create(
            {"name": "Golf Tableau", "is_company": True, "user_id": self.rep.id}
        )
        # Foxtrot: last invoice 560 days ago, lost 10 days ago; 300 (560
        # days), 200 (800 days: within its last 12 months), 999 (1000 days:
        # before them) and a credit note of 50 after its last invoice.
        for days, amount in ((560, 300.0), (800, 200.0), (1000, 999.0)):
            self._invoice(foxtrot, days, amount, self.rep)
        self._invoice(foxtrot, 500, 50.0, self.rep, move_type="out_refund")
        self.env["crm.pme.lifecycle.event"].sudo().create(
            {
                "partner_id": foxtrot.id,
                "company_id": self.company.id,
                "date": self.today - timedelta(days=10),
                "new_state": "lost",
            }
        )
        # Golf: at risk, last invoice 400 days ago (700), one 800 days ago.
        self._invoice(golf, 400, 700.0, self.rep)
        self._invoice(golf, 800, 80.0, self.rep)
        golf.sudo().with_company(self.company).lifecycle_state = "at_risk"
        after = self.tiles(self.dashboard(), "headline")
        self.assertEqual(after["lost_count"], before["lost_count"] + 1)
        self.assertAlmostEqual(after["lost_revenue"], before["lost_revenue"] + 450.0)
        self.assertEqual(after["risk_count"], before["risk_count"] + 1)
        self.assertAlmostEqual(after["risk_revenue"], before["risk_revenue"] + 700.0)

    def test_sales_against_last_year_in_company_currency(self):
        self.assertEqual(self.order_chf.currency_rate, 2.0)
        section = self.section(self.dashboard(), "sales")
        tiles = {tile["key"]: tile for tile in section["tiles"]}
        self.assertAlmostEqual(tiles["ordered"]["value"], 1200.0)
        self.assertAlmostEqual(tiles["ordered"]["previous"], 300.0)
        self.assertAlmostEqual(tiles["invoiced"]["value"], 1050.0)
        self.assertAlmostEqual(tiles["invoiced"]["previous"], 0.0)
        # Year to date: the fixture's invoices dated this year.
        year_start = self.today.replace(month=1, day=1)
        invoices = [(10, 1000.0), (5, -200.0), (100, 600.0), (200, 400.0), (60, 250.0)]
        expected_ytd = sum(
            amount
            for days, amount in invoices
            if self.today - timedelta(days=days) >= year_start
        )
        self.assertAlmostEqual(tiles["invoiced_ytd"]["value"], expected_ytd)
        months = {row["month"]: row["amount"] for row in section["series"]}
        self.assertEqual(len(section["series"]), 12)
        self.assertAlmostEqual(sum(months.values()), 2050.0)
        this_month = fields.Date.to_string(self.today.replace(day=1))
        self.assertIn(this_month, months)
        # The drill-down lists exactly the invoices summed.
        action = tiles["invoiced"]["action"]
        moves = self.env[action["res_model"]].search(action["domain"])
        self.assertAlmostEqual(sum(moves.mapped("amount_untaxed_signed")), 1050.0)
        orders = self.env["sale.order"].search(tiles["ordered"]["action"]["domain"])
        self.assertEqual(len(orders), 2)

    def test_pipeline_and_objectives(self):
        # The current quarter's objective overlaps the period (it holds today).
        objective = self.env["crm.pme.objective"].create(
            {"user_id": self.rep.id, "company_id": self.company.id, "target": 2400.0}
        )
        section = self.section(self.dashboard(), "sales")
        rows = {row["id"]: row for row in section["objectives"]["rows"]}
        self.assertIn(objective.id, rows)
        self.assertEqual(rows[objective.id]["actual"], objective.actual)
        self.assertEqual(rows[objective.id]["attainment"], objective.attainment)
        (stage,) = section["pipeline"]["by_stage"]
        self.assertEqual((stage["count"], stage["amount"]), (1, 3000.0))
        (month,) = section["pipeline"]["by_month"]
        self.assertEqual(month["amount"], 3000.0)
        leads = self.env["crm.lead"].search(stage["action"]["domain"])
        self.assertEqual(leads, self.open_lead)

    def test_conversion(self):
        tiles = self.tiles(self.dashboard(), "conversion")
        self.assertEqual(tiles["quotes"], 3)
        self.assertAlmostEqual(tiles["quoted"], 1700.0)
        self.assertEqual(tiles["orders"], 2)
        self.assertAlmostEqual(tiles["ordered"], 1200.0)
        self.assertEqual(tiles["quote_rate"], 66.7)
        self.assertEqual(tiles["win_rate"], 50.0)
        self.assertEqual(tiles["sales_cycle"], 30.0)

    def test_results_by_criteria(self):
        groups = {
            group["key"]: group["rows"]
            for group in self.section(self.dashboard(), "criteria")["groups"]
        }
        self.assertEqual(
            [(row["label"], row["amount"]) for row in groups["top_customers"]],
            [("Alpha Tableau", 800.0), ("=Delta Tableau", 250.0)],
        )
        departments = {row["label"][:2]: row["amount"] for row in groups["department"]}
        self.assertEqual(departments, {"69": 800.0, "75": 250.0})
        self.assertAlmostEqual(
            sum(row["amount"] for row in groups["product_category"]), 1050.0
        )
        rhone = next(row for row in groups["department"] if row["label"][:2] == "69")
        moves = self.env["account.move"].search(rhone["action"]["domain"])
        self.assertEqual(moves.commercial_partner_id, self.alpha)

    def test_receivables_and_ageing(self):
        section = self.section(self.dashboard(), "receivables")
        tiles = {tile["key"]: tile["value"] for tile in section["tiles"]}
        self.assertAlmostEqual(tiles["overdue"], 1450.0)
        self.assertEqual(tiles["overdue_customers"], 3)
        self.assertEqual(
            [(row["key"], row["amount"]) for row in section["ageing"]],
            [("0_30", 800.0), ("31_60", 250.0), ("61_90", 0.0), ("over_90", 400.0)],
        )
        self.assertEqual(
            [(row["label"], row["amount"], row["days"]) for row in section["worst"]],
            [
                ("Alpha Tableau", 800.0, 10),
                ("Bravo Tableau", 400.0, 200),
                ("=Delta Tableau", 250.0, 60),
            ],
        )
        over_90 = section["ageing"][3]["action"]["domain"]
        self.assertEqual(
            self.env["account.move"].search(over_90).commercial_partner_id, self.bravo
        )

    def test_second_company_kept_apart(self):
        """Company 2's lost customer and invoice never show in company 1,
        and its own dashboard shows only them."""
        data = self.dashboard()
        self.assertNotIn(
            "Echo Nantes",
            str(self.section(data, "criteria"))
            + str(self.section(data, "receivables")),
        )
        data_2 = self.dashboard(company_id=self.company_2.id)
        tiles = self.tiles(data_2, "headline")
        self.assertEqual(tiles["lost_count"], 1)
        self.assertAlmostEqual(tiles["lost_revenue"], 0.0)
        self.assertAlmostEqual(self.tiles(data_2, "sales")["invoiced"], 5000.0)
        self.assertEqual(data_2["currency"]["id"], self.company_2.currency_id.id)

    def test_bad_filters_are_refused(self):
        for filters in (
            {"period": "week"},
            {"period": "custom", "date_from": False},
            {"period": "custom", "date_from": "2026-05-01", "date_to": "2026-04-01"},
            {"period": "custom", "date_from": "31/02/2026", "date_to": "2026-04-01"},
        ):
            with self.subTest(filters=filters), self.assertRaises(UserError):
                self.dashboard(**filters)

    def test_query_count_does_not_grow_with_data(self):
        """The whole dashboard in a fixed number of queries: the same with
        the fixture and with a thousand more invoices and orders."""
        self.dashboard()  # warm the caches (groups, translations)
        self.env.invalidate_all()
        count0 = self.env.cr.sql_log_count
        self.dashboard()
        queries = self.env.cr.sql_log_count - count0
        # The sections of the add-ons installed beside add a few statements
        # each, never one per record.
        self.assertLessEqual(queries, self.QUERIES)
        self.env.cr.execute(
            """
            INSERT INTO account_move (
                name, move_type, state, date, invoice_date, invoice_date_due,
                journal_id, company_id, partner_id, commercial_partner_id,
                currency_id, amount_untaxed_signed, amount_residual_signed,
                payment_state, invoice_user_id, auto_post, create_date,
                write_date)
            SELECT 'BULK/' || n || '/' || m.id, m.move_type, m.state, m.date,
                   m.invoice_date, m.invoice_date_due, m.journal_id,
                   m.company_id, m.partner_id, m.commercial_partner_id,
                   m.currency_id, m.amount_untaxed_signed,
                   m.amount_residual_signed, m.payment_state,
                   m.invoice_user_id, m.auto_post, m.create_date, m.write_date
              FROM account_move m, generate_series(1, 200) n
             WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
            """
        )
        self.env.cr.execute(
            """
            INSERT INTO sale_order (
                name, state, date_order, company_id, partner_id,
                partner_invoice_id, partner_shipping_id, pricelist_id,
                currency_id, currency_rate, amount_untaxed, user_id, team_id,
                create_date, write_date)
            SELECT 'BULK/' || n || '/' || so.id, so.state, so.date_order,
                   so.company_id, so.partner_id, so.partner_invoice_id,
                   so.partner_shipping_id, so.pricelist_id, so.currency_id,
                   so.currency_rate, so.amount_untaxed, so.user_id, so.team_id,
                   so.create_date, so.write_date
              FROM sale_order so, generate_series(1, 250) n
            """
        )
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            data = self.dashboard()
        self.assertGreater(self.tiles(data, "sales")["invoiced"], 100000.0)

    # Sales, customers and receivables: 30; after-sales and marketing add
    # their own fixed statements.
    QUERIES = 60
