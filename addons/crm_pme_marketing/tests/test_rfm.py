from datetime import date, timedelta

from odoo import Command
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from ..tools.rfm import rfm_segment

TODAY = date(2026, 6, 30)
RFM_FIELDS = (
    "rfm_recency_score",
    "rfm_frequency_score",
    "rfm_monetary_score",
    "rfm_segment",
)


@tagged("post_install", "-at_install", "is_query_count")
class TestRfm(AccountTestInvoicingCommon):
    """Five customers built by hand so that every quintile is known:

    ======== ============ ======== ======== ===== ===== ===== ============
    customer last invoice invoices untaxed   R     F     M    group
    ======== ============ ======== ======== ===== ===== ===== ============
    P1       10 days ago  5        400 (*)   5     5     2    champions
    P2       40 days      4        4,000     4     4     3    champions
    P3       100 days     3 (**)   9,000     3     3     4    loyal
    P4       200 days     2        100       2     2     1    hibernating
    P5       400 days     1        20,000    1     1     5    at_risk
    ======== ============ ======== ======== ===== ===== ===== ============

    (*) 5 x 100 minus a 100 refund. (**) one of them to a contact of P3.
    FM = ceil((F + M) / 2): P1 4, P2 4, P3 4, P4 2, P5 3.
    Not scored: an invoice older than the 24-month window, a draft invoice.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.env.user.groups_id |= cls.env.ref("crm_pme_base.crm_pme_group_user")
        Partner = cls.env["res.partner"]
        cls.customers = Partner.create(
            [{"name": f"RFM Mkt Client {n}", "is_company": True} for n in range(1, 6)]
        )
        cls.p1, cls.p2, cls.p3, cls.p4, cls.p5 = cls.customers
        cls.p3_buyer = Partner.create(
            {"name": "RFM Mkt Acheteur", "parent_id": cls.p3.id}
        )
        cls.too_old = Partner.create({"name": "RFM Mkt Ancien", "is_company": True})
        cls.draft_only = Partner.create(
            {"name": "RFM Mkt Brouillon", "is_company": True}
        )
        moves = cls._invoices(cls.p1, 10, [100] * 5)
        moves |= cls._invoices(cls.p2, 40, [1000] * 4)
        moves |= cls._invoices(cls.p3, 100, [3000] * 2)
        moves |= cls._invoices(cls.p3_buyer, 101, [3000])
        moves |= cls._invoices(cls.p4, 200, [50] * 2)
        moves |= cls._invoices(cls.p5, 400, [20000])
        moves |= cls._invoices(cls.too_old, 800, [5000])
        moves |= cls._invoices(cls.p1, 5, [100], move_type="out_refund")
        moves.action_post()
        cls._invoices(cls.draft_only, 5, [100])

    @classmethod
    def _invoices(cls, partner, days_ago, amounts, move_type="out_invoice"):
        """One invoice per amount, the last one ``days_ago`` days before
        TODAY, the others a day earlier each."""
        return cls.env["account.move"].create(
            [
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": TODAY - timedelta(days=days_ago + index),
                    "company_id": cls.company.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Prestation RFM",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for index, amount in enumerate(amounts)
            ]
        )

    def _recompute(self):
        return self.env["res.partner"]._crm_pme_recompute_rfm(today=TODAY)

    def _scores(self, partner):
        return tuple(partner[name] for name in RFM_FIELDS)

    def test_scores_by_hand(self):
        self._recompute()
        expected = {
            self.p1: (5, 5, 2, "champions"),
            self.p2: (4, 4, 3, "champions"),
            self.p3: (3, 3, 4, "loyal"),
            self.p4: (2, 2, 1, "hibernating"),
            self.p5: (1, 1, 5, "at_risk"),
            self.too_old: (0, 0, 0, False),
            self.draft_only: (0, 0, 0, False),
            self.p3_buyer: (0, 0, 0, False),
        }
        for partner, scores in expected.items():
            with self.subTest(partner=partner.name):
                self.assertEqual(self._scores(partner), scores)
        self.assertEqual(self.p1.rfm_amount, 400)
        self.assertEqual(self.p1.rfm_invoice_count, 5)
        self.assertEqual(self.p3.rfm_invoice_count, 3)
        self.assertEqual(self.p3.rfm_amount, 9000)
        self.assertEqual(self.p3.rfm_last_invoice_date, TODAY - timedelta(days=100))
        self.assertEqual(self.p1.rfm_score, "552")
        self.assertEqual(self.p1.rfm_date, TODAY)
        self.assertFalse(self.too_old.rfm_score)

    def test_window_setting_resets_scores(self):
        self._recompute()
        # A manager narrows the window to 6 months: P5 (400 days) and P4
        # (200 days) drop out; the three others are re-ranked.
        manager = new_test_user(
            self.env,
            login="rfm_mkt_manager",
            groups="crm_pme_base.crm_pme_group_manager",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        settings = Form(self.env["crm.pme.settings"].with_user(manager))
        self.assertEqual(settings.crm_pme_rfm_months, 24)
        settings.crm_pme_rfm_months = 6
        settings.save().action_apply()
        self.assertEqual(self.company.crm_pme_rfm_months, 6)
        self._recompute()
        # 3 customers in NTILE(5): buckets 1, 2, 3.
        self.assertEqual(self._scores(self.p1), (3, 3, 1, "promising"))
        self.assertEqual(self._scores(self.p2), (2, 2, 2, "hibernating"))
        self.assertEqual(self._scores(self.p3), (1, 1, 3, "lost"))
        self.assertEqual(self._scores(self.p4), (0, 0, 0, False))
        self.assertFalse(self.p5.rfm_date)

    def test_segment_sql_matches_python(self):
        """The SQL CASE is generated from tools/rfm.py; check all 125
        combinations against the Python function."""
        query = self.env["res.partner"]._crm_pme_rfm_segment_sql()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT s.r, s.f, s.m, %s
                  FROM generate_series(1, 5) r(r)
                 CROSS JOIN generate_series(1, 5) f(f)
                 CROSS JOIN generate_series(1, 5) m(m)
                 CROSS JOIN LATERAL (SELECT r.r, f.f, m.m) s
                """,
                query,
            )
        )
        self.assertEqual(len(rows), 125)
        for r, f, m, segment in rows:
            self.assertEqual(segment, rfm_segment(r, f, m), (r, f, m))

    def test_query_count_flat(self):
        self.env.flush_all()
        count0 = self.env.cr.sql_log_count
        self._recompute()
        small_count = self.env.cr.sql_log_count - count0
        # 40 more customers.
        others = self.env["res.partner"].create(
            [{"name": f"RFM Mkt Autre {n}", "is_company": True} for n in range(40)]
        )
        moves = self.env["account.move"]
        for index, partner in enumerate(others):
            moves |= self._invoices(partner, index + 1, [100 * (index + 1)])
        moves.action_post()
        self.env.flush_all()
        with self.assertQueryCount(small_count):
            self._recompute()
        self.assertEqual(others[-1].rfm_recency_score, 1)
        self.assertEqual(others[-1].rfm_monetary_score, 5)

    def test_second_run_writes_nothing(self):
        self.assertGreaterEqual(self._recompute(), 5)
        # Run again as another user: a partner written again would get him
        # as its last editor.
        robot = new_test_user(self.env, login="rfm_mkt_robot")
        Partner = self.env["res.partner"].with_user(robot)
        self.assertEqual(Partner._crm_pme_recompute_rfm(today=TODAY), 0)
        self.env.invalidate_all()
        self.assertNotIn(robot, self.customers.write_uid)
        # A new invoice of P1 changes P1's figures only (its scores stay).
        self._invoices(self.p1, 1, [50]).action_post()
        self.assertEqual(Partner._crm_pme_recompute_rfm(today=TODAY), 1)
        self.assertEqual(self.p1.write_uid, robot)
        self.assertNotIn(robot, (self.customers - self.p1).write_uid)
        self.assertEqual(self.p1.rfm_invoice_count, 6)
        self.assertEqual(self.p1.rfm_amount, 450)
        self.assertEqual(self._scores(self.p1), (5, 5, 2, "champions"))
        self.assertEqual(self.p1.rfm_last_invoice_date, TODAY - timedelta(days=1))

    def test_cron(self):
        cron = self.env.ref("crm_pme_marketing.ir_cron_crm_pme_rfm")
        self.assertEqual(cron.code, "model._cron_crm_pme_rfm()")
        self.env["res.partner"]._cron_crm_pme_rfm()
        # Scored against the real today: drafts stay unscored.
        self.assertFalse(self.draft_only.rfm_segment)


@tagged("post_install", "-at_install")
class TestRfmCompanies(AccountTestInvoicingCommon):
    """A partner shared by two companies, each in its own currency, has the
    scores of each company's own invoices, in that company's currency.

    Company A (USD): the shared partner has 2 invoices of 500 USD and one of
    1,000 EUR at 2 EUR per USD (500 USD): 3 invoices, 1,500 USD; another
    customer 1 invoice of 100 USD, older. Company B (EUR): the shared
    partner has 1 invoice of 300 EUR, the most recent; another customer 2
    invoices of 5,000 EUR.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("crm_pme_base.crm_pme_group_manager")
        cls.company_a = cls.company_data["company"]
        cls.eur = cls.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        cls.company_b = cls.setup_other_company(
            name="RFM Mkt Nantes", currency_id=cls.eur.id
        )["company"]
        Partner = cls.env["res.partner"]
        cls.shared = Partner.create({"name": "RFM Mkt Partagé", "is_company": True})
        cls.other_a = Partner.create({"name": "RFM Mkt Client A", "is_company": True})
        cls.other_b = Partner.create({"name": "RFM Mkt Client B", "is_company": True})
        moves = cls._invoice(cls.company_a, cls.shared, 10, 500)
        moves |= cls._invoice(cls.company_a, cls.shared, 11, 500)
        moves |= cls._invoice(cls.company_a, cls.shared, 12, 1000, cls.eur)
        moves |= cls._invoice(cls.company_a, cls.other_a, 90, 100)
        moves |= cls._invoice(cls.company_b, cls.shared, 5, 300)
        moves |= cls._invoice(cls.company_b, cls.other_b, 50, 5000)
        moves |= cls._invoice(cls.company_b, cls.other_b, 51, 5000)
        for company in (cls.company_a, cls.company_b):
            moves.filtered(lambda m, c=company: m.company_id == c).with_company(
                company
            ).action_post()
        cls.user_b = new_test_user(
            cls.env,
            login="rfm_mkt_user_b",
            groups="crm_pme_base.crm_pme_group_user",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )

    @classmethod
    def _invoice(cls, company, partner, days_ago, amount, currency=None):
        return (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": TODAY - timedelta(days=days_ago),
                    "company_id": company.id,
                    "currency_id": (currency or company.currency_id).id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Prestation RFM",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )

    def _figures(self, partner, company):
        partner = partner.with_company(company)
        return (
            partner.rfm_recency_score,
            partner.rfm_frequency_score,
            partner.rfm_monetary_score,
            partner.rfm_segment,
            partner.rfm_invoice_count,
            partner.rfm_amount,
        )

    def test_figures_per_company_and_currency(self):
        self.assertNotEqual(self.company_a.currency_id, self.eur)
        self.env["res.partner"]._crm_pme_recompute_rfm(today=TODAY)
        # Two customers per company: NTILE(5) gives them 1 and 2.
        self.assertEqual(
            self._figures(self.shared, self.company_a),
            (2, 2, 2, rfm_segment(2, 2, 2), 3, 1500),
        )
        self.assertEqual(
            self._figures(self.shared, self.company_b),
            (2, 1, 1, rfm_segment(2, 1, 1), 1, 300),
        )
        self.assertEqual(
            self._figures(self.other_a, self.company_a),
            (1, 1, 1, rfm_segment(1, 1, 1), 1, 100),
        )
        self.assertEqual(self._figures(self.other_a, self.company_b)[4:], (0, 0))
        self.assertEqual(
            self._figures(self.other_b, self.company_b),
            (1, 2, 2, rfm_segment(1, 2, 2), 2, 10000),
        )
        self.assertEqual(self.shared.with_company(self.company_b).rfm_date, TODAY)
        self.assertFalse(self.other_a.with_company(self.company_b).rfm_date)
        # A user of company B reads the figures of company B.
        self.assertEqual(self.shared.with_user(self.user_b).rfm_invoice_count, 1)
        self.assertEqual(self.shared.with_user(self.user_b).rfm_amount, 300)

    def test_segments_use_their_company_figures(self):
        self.env["res.partner"]._crm_pme_recompute_rfm(today=TODAY)
        Segment = self.env["crm.pme.segment"]
        segments = Segment.create(
            [
                {
                    "name": f"RFM Mkt petits {company.name}",
                    "company_id": company.id,
                    "domain": repr(
                        [("rfm_monetary_score", "=", 1), ("name", "like", "RFM Mkt")]
                    ),
                }
                for company in (self.company_a, self.company_b)
            ]
        )
        self.assertEqual(segments[0]._get_members(), self.other_a)
        self.assertEqual(segments[1]._get_members(), self.shared)
        self.assertEqual(segments.mapped("member_count"), [1, 1])
