from datetime import date

from odoo.tests import tagged

from .common import CrmPmeSalesCase


@tagged("post_install", "-at_install")
class TestQuoteReport(CrmPmeSalesCase):
    """rep_lyon: quotation of 01/04 confirmed 11/04 (500, 10 days); of
    05/04 sent, not confirmed (1000); of 02/05 confirmed 22/05 (1500, 20
    days); a draft and a cancelled one left out. 3 quotes, 2 orders, 66.67 %
    conversion, 15 days on average, 3000 quoted, 2000 ordered.
    rep_region: one quotation of 03/05 sent (800)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.naf_it = cls.env["crm.pme.naf"].search([("code", "=", "62.01Z")])
        cls.customer_old.naf_id = cls.naf_it
        saas, service = cls.product_saas, cls.product_service
        new, old = cls.customer_new, cls.customer_old
        cls._order(new, [(saas, 5, 100.0)], date(2026, 4, 11), quoted=date(2026, 4, 1))
        cls._order(old, [(saas, 10, 100.0)], date(2026, 4, 5), state="sent")
        cls._order(old, [(saas, 15, 100.0)], date(2026, 5, 22), quoted=date(2026, 5, 2))
        cls._order(new, [(service, 3, 100.0)], date(2026, 5, 3), state="draft")
        cls._order(new, [(service, 4, 100.0)], date(2026, 5, 3), state="cancel")
        cls._order(
            cls.customer_export,
            [(service, 8, 100.0)],
            date(2026, 5, 3),
            user=cls.rep_region,
            team=cls.other_team,
            state="sent",
        )
        cls.Report = cls.env["crm.pme.quote.report"]
        cls.measures = [
            "quote_count:sum",
            "order_count:sum",
            "conversion:avg",
            "days_to_order:avg",
            "amount_quoted:sum",
            "amount_ordered:sum",
        ]

    def _figures(self, groupby, user=None, domain=None):
        Report = self.Report.with_user(user) if user else self.Report
        domain = [("company_id", "=", self.company_a.id)] + (domain or [])
        return {
            group[0]: tuple(round(v or 0, 2) for v in group[1:])
            for group in Report._read_group(domain, groupby, self.measures)
        }

    def test_conversion_by_salesperson(self):
        self.assertEqual(
            self._figures(["user_id"]),
            {
                self.rep_lyon: (3, 2, 66.67, 15.0, 3000.0, 2000.0),
                self.rep_region: (1, 0, 0.0, 0.0, 800.0, 0.0),
            },
        )

    def test_by_month_sector_department_naf(self):
        by_month = self._figures(
            ["date:month"], domain=[("user_id", "=", self.rep_lyon.id)]
        )
        self.assertEqual(
            {day.month: figures[:2] for day, figures in by_month.items()},
            {4: (2, 1), 5: (1, 1)},
        )
        by_sector = self._figures(["sector_id"])
        self.assertEqual(by_sector[self.sector_lyon][:2], (3, 2))
        self.assertEqual(by_sector[self.sector_france][:2], (1, 0))
        by_department = self._figures(["department_id"])
        self.assertEqual(by_department[self.rhone][:2], (3, 2))
        by_naf = self._figures(
            ["naf_section_id"], domain=[("user_id", "=", self.rep_lyon.id)]
        )
        self.assertEqual(by_naf[self.naf_it.section_id][:2], (2, 1))
        self.assertEqual(by_naf[self.env["crm.pme.naf"]][:2], (1, 1))

    def test_access(self):
        self.assertEqual(
            set(self._figures(["user_id"], user=self.rep_region)), {self.rep_region}
        )
        self.assertEqual(
            set(self._figures(["user_id"], user=self.manager)),
            {self.rep_lyon, self.rep_region},
        )
        self.assertFalse(self.Report.with_user(self.user_b).search([]))

    def test_backdated_order_never_makes_a_negative_delay(self):
        """An order imported today but confirmed on 01/03 (its order date is
        before its creation) is counted as a quote and an order of March, and
        left out of the average delay instead of adding -270 days."""
        order = self._order(
            self.customer_new,
            [(self.product_saas, 1, 100.0)],
            date(2026, 3, 1),
            user=self.rep_region,
            team=self.other_team,
            quoted=date(2026, 11, 26),
        )
        row = self.Report.search([("order_id", "=", order.id)])
        self.assertEqual(row.date, date(2026, 3, 1))
        self.assertEqual(row.order_count, 1)
        self.assertFalse(row.days_to_order)
        figures = self._figures(["user_id"])
        self.assertEqual(figures[self.rep_region][:4], (2, 1, 50.0, 0.0))
        self.assertEqual(figures[self.rep_lyon][3], 15.0)
        self.assertFalse(self.Report.search([("days_to_order", "<", 0)]))
