from datetime import date

from odoo.tests import BaseCase, tagged

from ..tools import periods


@tagged("post_install", "-at_install")
class TestPeriods(BaseCase):
    def test_period_range(self):
        today = date(2026, 5, 20)
        for period, expected in [
            ("month", (date(2026, 5, 1), today)),
            ("quarter", (date(2026, 4, 1), today)),
            ("year", (date(2026, 1, 1), today)),
            ("last_12_months", (date(2025, 5, 21), today)),
        ]:
            with self.subTest(period=period):
                self.assertEqual(periods.period_range(period, today), expected)
        self.assertEqual(
            periods.period_range("custom", today, date(2026, 2, 1), date(2026, 2, 28)),
            (date(2026, 2, 1), date(2026, 2, 28)),
        )
        for bad in [(None, None), (date(2026, 3, 1), date(2026, 2, 1))]:
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                periods.period_range("custom", today, *bad)
        with self.assertRaises(ValueError):
            periods.period_range("week", today)

    def test_last_year_and_months(self):
        self.assertEqual(
            periods.same_period_last_year(date(2028, 2, 29), date(2028, 3, 31)),
            (date(2027, 2, 28), date(2027, 3, 31)),
        )
        self.assertEqual(periods.add_months(date(2026, 1, 31), 1), date(2026, 2, 28))
        self.assertEqual(periods.add_months(date(2026, 1, 15), -13), date(2024, 12, 15))

    def test_ageing_and_ratio(self):
        for days, bucket in [
            (-3, None),
            (0, None),
            (1, "0_30"),
            (30, "0_30"),
            (31, "31_60"),
            (60, "31_60"),
            (61, "61_90"),
            (90, "61_90"),
            (91, "over_90"),
            (900, "over_90"),
        ]:
            with self.subTest(days=days):
                self.assertEqual(periods.ageing_bucket(days), bucket)
        self.assertEqual(periods.ratio(1, 3), 33.3)
        self.assertEqual(periods.ratio(5, 0), 0.0)
