from datetime import date

from odoo.tests import BaseCase, tagged

from ..tools import objective


@tagged("post_install", "-at_install")
class TestObjectiveRules(BaseCase):
    def test_period_range(self):
        for period, day, expected in [
            ("month", date(2026, 2, 14), (date(2026, 2, 1), date(2026, 2, 28))),
            ("month", date(2028, 2, 29), (date(2028, 2, 1), date(2028, 2, 29))),
            ("month", date(2026, 12, 31), (date(2026, 12, 1), date(2026, 12, 31))),
            ("quarter", date(2026, 1, 1), (date(2026, 1, 1), date(2026, 3, 31))),
            ("quarter", date(2026, 5, 20), (date(2026, 4, 1), date(2026, 6, 30))),
            ("quarter", date(2026, 9, 30), (date(2026, 7, 1), date(2026, 9, 30))),
            ("quarter", date(2026, 11, 2), (date(2026, 10, 1), date(2026, 12, 31))),
            ("year", date(2026, 7, 14), (date(2026, 1, 1), date(2026, 12, 31))),
        ]:
            with self.subTest(period=period, day=day):
                self.assertEqual(objective.period_range(period, day), expected)
        with self.assertRaises(ValueError):
            objective.period_range("week", date(2026, 1, 1))

    def test_next_period(self):
        for period, date_from, date_to, expected in [
            ("month", date(2026, 1, 1), None, (date(2026, 2, 1), date(2026, 2, 28))),
            (
                "month",
                date(2026, 12, 1),
                date(2026, 12, 31),
                (date(2027, 1, 1), date(2027, 1, 31)),
            ),
            (
                "quarter",
                date(2026, 10, 1),
                date(2026, 12, 31),
                (date(2027, 1, 1), date(2027, 3, 31)),
            ),
            ("year", date(2026, 1, 1), None, (date(2027, 1, 1), date(2027, 12, 31))),
            # A custom range moves by the period's length and keeps its own.
            (
                "month",
                date(2026, 3, 10),
                date(2026, 3, 20),
                (date(2026, 4, 10), date(2026, 4, 20)),
            ),
        ]:
            with self.subTest(period=period, date_from=date_from):
                self.assertEqual(
                    objective.next_period(period, date_from, date_to), expected
                )

    def test_attainment(self):
        for actual, target, expected in [
            (0, 1000, 0.0),
            (500, 1000, 50.0),
            (2300, 4600, 50.0),
            (1000, 1000, 100.0),
            (1500, 1000, 150.0),
            (1, 3, 33.33),
            (2, 3, 66.67),
            (100, 0, 0.0),
            (None, 100, 0.0),
            (-200, 1000, -20.0),
        ]:
            with self.subTest(actual=actual, target=target):
                self.assertEqual(objective.attainment(actual, target), expected)

    def test_weighted_pipeline_and_forecast(self):
        for opportunities, expected in [
            ([], 0.0),
            ([(10000, 30)], 3000.0),
            ([(10000, 30), (2000, 50)], 4000.0),
            ([(1000, 0)], 0.0),
            ([(1000, 150)], 1000.0),
            ([(1000, -10)], 0.0),
            ([(None, 50), (400, None)], 0.0),
        ]:
            with self.subTest(opportunities=opportunities):
                self.assertEqual(objective.weighted_pipeline(opportunities), expected)
        self.assertEqual(objective.forecast(2300, 3000), 5300)
        self.assertEqual(objective.forecast(None, 10), 10)
        self.assertEqual(objective.forecast(5, None), 5)
