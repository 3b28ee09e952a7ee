from datetime import date, datetime

from odoo.tests import BaseCase, TransactionCase, tagged
from odoo.tools import SQL

from ..tools import duration, french_holidays


def dt(*args):
    return datetime(2026, *args)


@tagged("post_install", "-at_install")
class TestDuration(BaseCase):
    def test_session_hours(self):
        for start, stop, hours in [
            (dt(3, 2, 9, 0), dt(3, 2, 10, 30), 1.5),
            (dt(3, 2, 9, 0), dt(3, 2, 9, 0), 0.0),
            (dt(3, 2, 23, 0), dt(3, 3, 1, 0), 2.0),  # overnight
            (None, dt(3, 2, 9, 0), 0.0),
            (dt(3, 2, 9, 0), None, 0.0),
        ]:
            with self.subTest(start=start, stop=stop):
                self.assertAlmostEqual(duration.session_hours(start, stop), hours)
        with self.assertRaises(ValueError):
            duration.session_hours(dt(3, 2, 10, 0), dt(3, 2, 9, 0))

    def test_worked_hours(self):
        now = dt(3, 2, 12, 0)
        for sessions, hours in [
            ([], 0.0),
            ([(dt(3, 2, 8, 0), dt(3, 2, 10, 0))], 2.0),
            # two sessions with a lunch break
            (
                [
                    (dt(3, 2, 8, 0), dt(3, 2, 10, 0)),
                    (dt(3, 2, 11, 0), dt(3, 2, 11, 30)),
                ],
                2.5,
            ),
            # overlapping sessions are counted once
            (
                [(dt(3, 2, 8, 0), dt(3, 2, 10, 0)), (dt(3, 2, 9, 0), dt(3, 2, 11, 0))],
                3.0,
            ),
            # a session inside another
            (
                [(dt(3, 2, 8, 0), dt(3, 2, 11, 0)), (dt(3, 2, 9, 0), dt(3, 2, 10, 0))],
                3.0,
            ),
            # unsorted, touching
            (
                [(dt(3, 2, 10, 0), dt(3, 2, 11, 0)), (dt(3, 2, 8, 0), dt(3, 2, 10, 0))],
                3.0,
            ),
            # the open session runs until now
            ([(dt(3, 2, 11, 0), None)], 1.0),
            # overnight on-call
            ([(dt(3, 2, 22, 0), dt(3, 3, 2, 0))], 4.0),
            # a reversed session is ignored (the model refuses it anyway)
            ([(dt(3, 2, 10, 0), dt(3, 2, 9, 0))], 0.0),
        ]:
            with self.subTest(sessions=sessions):
                self.assertAlmostEqual(duration.worked_hours(sessions, now=now), hours)
        # without now, an open session does not count
        self.assertEqual(duration.worked_hours([(dt(3, 2, 11, 0), None)]), 0.0)

    def test_billable_hours(self):
        for hours, billed in [
            (0.0, 0.0),
            (-1.0, 0.0),
            (0.01, 0.25),
            (0.25, 0.25),
            (0.26, 0.5),
            (1.0, 1.0),
            (1.0 + 1 / 3600, 1.0),  # one second over: rounding noise
            (1.1, 1.25),
        ]:
            with self.subTest(hours=hours):
                self.assertAlmostEqual(duration.billable_hours(hours), billed)
        self.assertAlmostEqual(duration.billable_hours(1.1, step_minutes=0), 1.1)
        self.assertAlmostEqual(duration.billable_hours(0.2, step_minutes=60), 1.0)


@tagged("post_install", "-at_install")
class TestDurationSql(TransactionCase):
    def test_billable_hours_sql_agrees(self):
        """The SQL form of billable_hours gives the Python rule's figures."""
        values = [0.0, -1.0, 0.01, 0.25, 0.26, 1.0, 1.0 + 1 / 3600, 1.0 + 3 / 3600]
        values += [1.1, 7.49, 7.5, 123.456]
        for step in (15, 60, 0):
            with self.subTest(step=step):
                rows = self.env.execute_query(
                    SQL(
                        "SELECT h, %s FROM unnest(%s::float8[]) AS v(h)",
                        duration.billable_hours_sql(SQL("v.h"), step),
                        values,
                    )
                )
                self.assertEqual(len(rows), len(values))
                for hours, billed in rows:
                    self.assertAlmostEqual(
                        billed, duration.billable_hours(hours, step), places=9
                    )
        # NULL (no session) counts as nothing, as False does in Python.
        ((billed,),) = self.env.execute_query(
            SQL("SELECT %s", duration.billable_hours_sql(SQL("NULL::float8")))
        )
        self.assertEqual(billed, duration.billable_hours(0.0))


@tagged("post_install", "-at_install")
class TestFrenchHolidays(BaseCase):
    def test_national_days(self):
        for year, count, movable in [
            (2025, 11, [date(2025, 4, 21), date(2025, 5, 29), date(2025, 6, 9)]),
            (2026, 11, [date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25)]),
            (2027, 11, [date(2027, 3, 29), date(2027, 5, 6), date(2027, 5, 17)]),
        ]:
            with self.subTest(year=year):
                days = french_holidays.public_holidays(year)
                self.assertEqual(len(days), count)
                dates = [day for day, _name in days]
                self.assertEqual(dates, sorted(dates))
                for fixed in [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1)]:
                    self.assertIn(date(year, *fixed), dates)
                for fixed in [(11, 11), (12, 25)]:
                    self.assertIn(date(year, *fixed), dates)
                for day in movable:
                    self.assertIn(day, dates)
                self.assertNotIn(date(year, 12, 26), dates)

    def test_alsace_moselle(self):
        for year, good_friday in [
            (2025, date(2025, 4, 18)),
            (2026, date(2026, 4, 3)),
            (2027, date(2027, 3, 26)),
        ]:
            with self.subTest(year=year):
                days = dict(french_holidays.public_holidays(year, alsace_moselle=True))
                self.assertEqual(len(days), 13)
                self.assertIn(good_friday, days)
                self.assertIn(date(year, 12, 26), days)

    def test_several_years_and_names(self):
        days = french_holidays.public_holidays([2027, 2026, 2026])
        self.assertEqual(len(days), 22)
        self.assertEqual(dict(days)[date(2026, 7, 14)], "Fête nationale")
        self.assertEqual(french_holidays.public_holidays([]), [])

    def test_leave_bounds(self):
        for day, tz_name, bounds in [
            # winter: UTC+1
            (
                date(2026, 1, 1),
                "Europe/Paris",
                (datetime(2025, 12, 31, 23, 0), dt(1, 1, 22, 59, 59)),
            ),
            # summer: UTC+2
            (
                date(2026, 7, 14),
                "Europe/Paris",
                (dt(7, 13, 22, 0), dt(7, 14, 21, 59, 59)),
            ),
            # the day DST ends is 25 hours long
            (
                date(2026, 10, 25),
                "Europe/Paris",
                (dt(10, 24, 22, 0), dt(10, 25, 22, 59, 59)),
            ),
            (date(2026, 5, 1), "UTC", (dt(5, 1, 0, 0), dt(5, 1, 23, 59, 59))),
            (date(2026, 5, 1), False, (dt(5, 1, 0, 0), dt(5, 1, 23, 59, 59))),
            # La Réunion, UTC+4
            (
                date(2026, 12, 20),
                "Indian/Reunion",
                (dt(12, 19, 20, 0), dt(12, 20, 19, 59, 59)),
            ),
        ]:
            with self.subTest(day=day, tz=tz_name):
                self.assertEqual(french_holidays.leave_bounds(day, tz_name), bounds)

    def test_missing_holidays(self):
        days = french_holidays.public_holidays(2026)
        missing = french_holidays.missing_holidays(
            days, [date(2026, 1, 1), date(2026, 3, 3)]
        )
        self.assertEqual(len(missing), 10)
        self.assertNotIn(date(2026, 1, 1), dict(missing))

    def test_holiday_year_window(self):
        for today, window in [
            (date(2026, 1, 1), (2025, 2028)),
            (date(2026, 12, 31), (2025, 2028)),
            (date(2030, 6, 15), (2029, 2032)),
        ]:
            with self.subTest(today=today):
                self.assertEqual(french_holidays.holiday_year_window(today), window)
