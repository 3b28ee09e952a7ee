from datetime import datetime, timedelta

from odoo.tests import BaseCase, tagged

from ..tools import phoning, rfm
from ..tools.phoning import (
    RULE_CAP,
    RULE_CONSENT,
    RULE_HOLIDAY,
    RULE_HOURS,
    RULE_OPPOSITION,
    RULE_REFUSAL,
    RULE_WEEKDAY,
)

# Naive UTC, as Odoo stores datetimes. Paris is UTC+1 in winter, UTC+2 in
# summer.
M = datetime(2026, 12, 1, 9, 30)  # Tuesday 10:30 in Paris
DAY = timedelta(days=1)


@tagged("post_install", "-at_install")
class TestPhoningCalendar(BaseCase):
    def test_hours_winter_and_summer(self):
        for moment, broken in [
            (datetime(2026, 12, 1, 8, 59), [RULE_HOURS]),  # 09:59 Paris
            (datetime(2026, 12, 1, 9, 0), []),  # 10:00
            (datetime(2026, 12, 1, 11, 59), []),  # 12:59
            (datetime(2026, 12, 1, 12, 0), [RULE_HOURS]),  # 13:00
            (datetime(2026, 12, 1, 12, 30), [RULE_HOURS]),  # 13:30
            (datetime(2026, 12, 1, 13, 0), []),  # 14:00
            (datetime(2026, 12, 1, 18, 59), []),  # 19:59
            (datetime(2026, 12, 1, 19, 0), [RULE_HOURS]),  # 20:00
            (datetime(2026, 12, 1, 23, 30), [RULE_HOURS]),  # 00:30 Wed
            (datetime(2027, 6, 15, 7, 30), [RULE_HOURS]),  # 09:30 summer
            (datetime(2027, 6, 15, 8, 0), []),  # 10:00 summer
            (datetime(2027, 6, 15, 17, 59), []),  # 19:59 summer
            (datetime(2027, 6, 15, 18, 0), [RULE_HOURS]),  # 20:00 summer
        ]:
            with self.subTest(moment=moment):
                self.assertEqual(phoning.calendar_violations(moment), broken)

    def test_weekdays(self):
        for moment, broken in [
            (datetime(2026, 12, 4, 10, 0), []),  # Friday
            (datetime(2026, 12, 5, 10, 0), [RULE_WEEKDAY]),  # Saturday
            (datetime(2026, 12, 6, 10, 0), [RULE_WEEKDAY]),  # Sunday
            (datetime(2026, 12, 7, 10, 0), []),  # Monday
            # Friday 23:30 UTC is already Saturday 00:30 in Paris.
            (datetime(2026, 12, 4, 23, 30), [RULE_WEEKDAY, RULE_HOURS]),
        ]:
            with self.subTest(moment=moment):
                self.assertEqual(phoning.calendar_violations(moment), broken)

    def test_public_holidays(self):
        for moment, department, broken in [
            (datetime(2026, 12, 25, 10, 0), "69", [RULE_HOLIDAY]),  # Christmas
            (datetime(2026, 11, 11, 10, 0), "75", [RULE_HOLIDAY]),  # Armistice
            (datetime(2027, 3, 29, 10, 0), None, [RULE_HOLIDAY]),  # Easter Mon
            (datetime(2027, 5, 6, 10, 0), None, [RULE_HOLIDAY]),  # Ascension
            (datetime(2027, 5, 17, 10, 0), None, [RULE_HOLIDAY]),  # Whit Mon
            (datetime(2027, 7, 14, 10, 0), None, [RULE_HOLIDAY]),  # 14 July
            (datetime(2027, 7, 13, 10, 0), None, []),
            # Good Friday: a holiday in Alsace-Moselle only.
            (datetime(2027, 3, 26, 10, 0), "69", []),
            (datetime(2027, 3, 26, 10, 0), "57", [RULE_HOLIDAY]),
            (datetime(2027, 3, 26, 10, 0), "67", [RULE_HOLIDAY]),
            (datetime(2027, 3, 26, 10, 0), "68", [RULE_HOLIDAY]),
            # Christmas Eve evening, 20:30 in Paris: hours, not a holiday.
            (datetime(2026, 12, 24, 19, 30), None, [RULE_HOURS]),
            (datetime(2026, 12, 25, 19, 30), None, [RULE_HOURS, RULE_HOLIDAY]),
        ]:
            with self.subTest(moment=moment, department=department):
                self.assertEqual(
                    phoning.calendar_violations(moment, department), broken
                )

    def test_next_allowed_time(self):
        for moment, department, expected in [
            (datetime(2026, 12, 1, 9, 30), None, datetime(2026, 12, 1, 9, 30)),
            (datetime(2026, 12, 1, 7, 0), None, datetime(2026, 12, 1, 9, 0)),
            (datetime(2026, 12, 3, 12, 15), None, datetime(2026, 12, 3, 13, 0)),
            # Thursday 24 Dec 20:30 -> Christmas, week-end -> Monday 28, 10:00
            (datetime(2026, 12, 24, 19, 30), None, datetime(2026, 12, 28, 9, 0)),
            # Summer: 13 July 20:30 -> 14 July -> Thursday 15, 10:00 (08:00 UTC)
            (datetime(2027, 7, 13, 18, 30), None, datetime(2027, 7, 15, 8, 0)),
            # Thursday 25 March 2027 20:30 in Moselle: Good Friday, week-end,
            # Easter Monday -> Tuesday 30, 10:00 (summer time since 28 March).
            (datetime(2027, 3, 25, 19, 30), "57", datetime(2027, 3, 30, 8, 0)),
        ]:
            with self.subTest(moment=moment, department=department):
                found = phoning.next_allowed_time(moment, department)
                self.assertEqual(found, expected)
                self.assertEqual(phoning.calendar_violations(found, department), [])


@tagged("post_install", "-at_install")
class TestPhoningRules(BaseCase):
    def test_attempt_cap(self):
        for others, exceeded in [
            ([], False),
            ([M - DAY, M - 2 * DAY, M - 3 * DAY], False),
            ([M - DAY, M - 2 * DAY, M - 3 * DAY, M - 4 * DAY], True),
            ([M - 29 * DAY, M - 20 * DAY, M - 10 * DAY, M - DAY], True),
            ([M - 31 * DAY] * 4, False),
            ([M - 30 * DAY, M - 20 * DAY, M - 10 * DAY, M - DAY], False),
            ([M + DAY, M + 2 * DAY, M + 3 * DAY, M + 4 * DAY], True),
            ([M - 20 * DAY, M - 10 * DAY, M + 10 * DAY, M + 20 * DAY], False),
            ([M - 29 * DAY, M - 28 * DAY, M - 27 * DAY, M + DAY], False),
            ([M - 15 * DAY, M - 5 * DAY, M + 5 * DAY, M + 14 * DAY], True),
        ]:
            with self.subTest(others=others):
                self.assertEqual(phoning.cap_exceeded(M, others), exceeded)

    def test_refusal_delay(self):
        for refusal, broken in [
            (None, False),
            (M - 59 * DAY, True),
            (M - timedelta(days=60) + timedelta(minutes=1), True),
            (M - 60 * DAY, False),
            (M - 90 * DAY, False),
            (M + DAY, False),
        ]:
            with self.subTest(refusal=refusal):
                self.assertEqual(phoning.refusal_violation(M, refusal), broken)

    def test_consumer(self):
        for is_company, parent_is_company, consumer in [
            (True, False, False),
            (False, True, False),
            (False, False, True),
        ]:
            with self.subTest(is_company=is_company, parent=parent_is_company):
                self.assertEqual(
                    phoning.is_consumer(is_company, parent_is_company), consumer
                )

    def test_call_violations(self):
        sunday_night = datetime(2026, 12, 6, 22, 0)
        christmas_evening = datetime(2026, 12, 25, 19, 30)
        for kwargs, broken in [
            # Professional lines: only an opposition counts.
            ({"moment": sunday_night, "consumer": False, "consent_state": False}, []),
            (
                {"moment": M, "consumer": False, "consent_state": "refused"},
                [RULE_OPPOSITION],
            ),
            ({"moment": M, "consumer": True, "consent_state": "granted"}, []),
            ({"moment": M, "consumer": True, "consent_state": False}, [RULE_CONSENT]),
            (
                {"moment": M, "consumer": True, "consent_state": "withdrawn"},
                [RULE_OPPOSITION, RULE_CONSENT],
            ),
            (
                {
                    "moment": christmas_evening,
                    "consumer": True,
                    "consent_state": "granted",
                },
                [RULE_HOURS, RULE_HOLIDAY],
            ),
            (
                {
                    "moment": M,
                    "consumer": True,
                    "consent_state": "granted",
                    "other_attempts": [M - DAY * n for n in range(1, 5)],
                    "last_refusal": M - 10 * DAY,
                },
                [RULE_CAP, RULE_REFUSAL],
            ),
            (
                {
                    "moment": sunday_night,
                    "consumer": False,
                    "consent_state": "granted",
                    "other_attempts": [M - DAY * n for n in range(1, 9)],
                    "last_refusal": M - 10 * DAY,
                },
                [],
            ),
        ]:
            with self.subTest(**{k: str(v) for k, v in kwargs.items()}):
                self.assertEqual(phoning.call_violations(**kwargs), broken)


@tagged("post_install", "-at_install")
class TestPhoningScope(BaseCase):
    """Which calls are prospecting, and which rules each scope gets."""

    def test_call_scope(self):
        P, C, B = (
            phoning.SCOPE_PROSPECTING,
            phoning.SCOPE_CUSTOMER,
            phoning.SCOPE_CALLBACK,
        )
        for callback, campaign, customer, expected in [
            (False, False, False, (P, phoning.REASON_PROSPECT)),
            (False, False, True, (C, phoning.REASON_CUSTOMER)),
            (False, True, False, (P, phoning.REASON_CAMPAIGN)),
            # A campaign call is prospecting, even to a customer.
            (False, True, True, (P, phoning.REASON_CAMPAIGN)),
            # A call-back the person asked for never is.
            (True, True, False, (B, phoning.REASON_CALLBACK)),
            (True, False, True, (B, phoning.REASON_CALLBACK)),
        ]:
            with self.subTest(callback=callback, campaign=campaign, customer=customer):
                self.assertEqual(
                    phoning.call_scope(
                        requested_callback=callback,
                        campaign=campaign,
                        current_customer=customer,
                    ),
                    expected,
                )

    def test_french_line(self):
        for number, region, french in [
            ("06 12 34 56 78", "FR", True),
            ("+33 6 12 34 56 78", None, True),
            ("+33 6 12 34 56 78", "US", True),
            ("0690 12 34 56", "GP", True),  # Guadeloupe
            ("+262 692 12 34 56", None, True),  # La Réunion
            ("+32 470 12 34 56", None, False),  # Belgium
            ("06 12 34 56 78", "BE", False),
            ("123 456 789", "US", False),
            ("123 456 789", None, False),
            ("", "FR", False),
            (False, "FR", False),
        ]:
            with self.subTest(number=number, region=region):
                self.assertEqual(phoning.is_french_line(number, region), french)

    def test_rules_by_scope(self):
        """Sunday night, no consent, 5th attempt, refused 10 days ago: all the
        consumer rules are broken on a prospecting call; none on a call to a
        current customer, a requested call-back or a line outside France; a
        phone opposition is honoured on every call."""
        sunday_night = datetime(2026, 12, 6, 22, 0)
        base = {
            "moment": sunday_night,
            "consumer": True,
            "other_attempts": [sunday_night - DAY * n for n in range(1, 5)],
            "last_refusal": sunday_night - 10 * DAY,
        }
        all_rules = [RULE_CONSENT, RULE_WEEKDAY, RULE_HOURS, RULE_CAP, RULE_REFUSAL]
        for scope, french, consent, broken in [
            (phoning.SCOPE_PROSPECTING, True, False, all_rules),
            (phoning.SCOPE_PROSPECTING, False, False, []),
            (phoning.SCOPE_CUSTOMER, True, False, []),
            (phoning.SCOPE_CALLBACK, True, False, []),
            (phoning.SCOPE_CUSTOMER, True, "refused", [RULE_OPPOSITION]),
            (phoning.SCOPE_CALLBACK, True, "refused", [RULE_OPPOSITION]),
        ]:
            with self.subTest(scope=scope, french=french, consent=consent):
                self.assertEqual(
                    phoning.call_violations(
                        **base, consent_state=consent, scope=scope, french_line=french
                    ),
                    broken,
                )


@tagged("post_install", "-at_install")
class TestRfmRules(BaseCase):
    def test_segments(self):
        for scores, segment in [
            ((5, 5, 5), "champions"),
            ((4, 4, 3), "champions"),
            ((5, 5, 2), "champions"),
            ((3, 3, 3), "loyal"),
            ((5, 3, 2), "loyal"),
            ((1, 5, 5), "cannot_lose"),
            ((2, 4, 3), "cannot_lose"),
            ((2, 3, 3), "at_risk"),
            ((1, 1, 5), "at_risk"),
            ((5, 1, 1), "new"),
            ((3, 1, 1), "promising"),
            ((4, 2, 1), "promising"),
            ((2, 2, 1), "hibernating"),
            ((1, 1, 1), "lost"),
            ((1, 2, 2), "lost"),
            ((0, 3, 3), False),
        ]:
            with self.subTest(scores=scores):
                self.assertEqual(rfm.rfm_segment(*scores), segment)

    def test_every_score_has_a_group(self):
        for r in range(1, 6):
            for f in range(1, 6):
                for m in range(1, 6):
                    with self.subTest(r=r, f=f, m=m):
                        self.assertTrue(rfm.rfm_segment(r, f, m))

    def test_quintiles(self):
        for values, scores in [
            ([10, 20, 30, 40, 50], [1, 2, 3, 4, 5]),
            ([50, 40, 30, 20, 10], [5, 4, 3, 2, 1]),
            ([5, 3, 9, 1, 7, 2, 8], [2, 2, 5, 1, 3, 1, 4]),
            (list(range(10)), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]),
            ([7], [1]),
        ]:
            with self.subTest(values=values):
                self.assertEqual(rfm.quintiles(values), scores)
