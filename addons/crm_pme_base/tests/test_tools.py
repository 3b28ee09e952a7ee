from datetime import date

from dateutil.relativedelta import relativedelta
from hypothesis import example, given, settings
from hypothesis import strategies as st
from stdnum import luhn

from odoo.tests import BaseCase, tagged

from ..tools import company, import_check, lifecycle, quality, sector
from ..tools.sector import Place, Rule


@tagged("post_install", "-at_install")
class TestCompanyRules(BaseCase):
    def test_revenue_band(self):
        for revenue, band in [
            (None, False),
            (0, False),
            (-5, False),
            (1, "lt_500k"),
            (499_999.99, "lt_500k"),
            (500_000, "500k_2m"),
            (2_000_000, "2m_10m"),
            (49_999_999, "10m_50m"),
            (50_000_000, "50m_1500m"),
            (2_000_000_000, "gt_1500m"),
        ]:
            with self.subTest(revenue=revenue):
                self.assertEqual(company.revenue_band(revenue), band)

    def test_company_category(self):
        for band, revenue, category in [
            (False, 0, False),
            ("01", 150_000, "micro"),
            ("03", 2_000_000, "micro"),
            ("03", 2_000_001, "pme"),
            ("11", 0, "pme"),
            ("31", 50_000_000, "pme"),
            ("31", 60_000_000, "eti"),
            ("32", 10_000_000, "eti"),
            ("51", 0, "eti"),
            ("52", 0, "ge"),
            ("22", 2_000_000_000, "ge"),
            (False, 1_000_000, "micro"),
            ("NN", 0, "micro"),
        ]:
            with self.subTest(band=band, revenue=revenue):
                self.assertEqual(company.company_category(band, revenue), category)

    @given(
        st.sampled_from(sorted(company.HEADCOUNT_BANDS)),
        st.floats(min_value=0, max_value=1e10, allow_nan=False),
    )
    @settings(max_examples=200, deadline=None)
    def test_category_monotonic_in_revenue(self, band, revenue):
        order = ["micro", "pme", "eti", "ge"]
        low = company.company_category(band, revenue)
        high = company.company_category(band, revenue * 2 + 1)
        self.assertLessEqual(order.index(low), order.index(high))


@tagged("post_install", "-at_install")
class TestLifecycleRules(BaseCase):
    def test_lifecycle_state(self):
        today = date(2026, 6, 30)
        for last, state in [
            (None, "prospect"),
            (date(2026, 6, 30), "active"),
            (date(2025, 6, 30), "active"),
            (date(2025, 6, 29), "at_risk"),
            (date(2025, 1, 1), "at_risk"),
            (date(2024, 12, 31), "at_risk"),
            (date(2024, 12, 30), "lost"),
            (date(2010, 1, 1), "lost"),
        ]:
            with self.subTest(last=last):
                self.assertEqual(lifecycle.lifecycle_state(last, today), state)

    def test_month_end(self):
        # 31 August minus 12 months clamps like PostgreSQL intervals do.
        self.assertEqual(
            lifecycle.lifecycle_state(date(2025, 2, 28), date(2026, 2, 28), 12, 18),
            "active",
        )

    def test_bad_windows(self):
        with self.assertRaises(ValueError):
            lifecycle.lifecycle_state(None, date(2026, 1, 1), 18, 12)

    @given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
    @example(date(2028, 2, 29))
    @settings(max_examples=200, deadline=None)
    def test_later_invoice_never_worse(self, last):
        today = date(2031, 1, 1)
        order = ["active", "at_risk", "lost"]
        state = lifecycle.lifecycle_state(last, today)
        # A year later, as the tool counts months: 29 February -> 28 February.
        later = lifecycle.lifecycle_state(
            min(today, last + relativedelta(years=1)), today
        )
        self.assertLessEqual(order.index(later), order.index(state))


@tagged("post_install", "-at_install")
class TestSectorRules(BaseCase):
    def test_normalize_postcode(self):
        for raw, clean in [
            (" 75 001 ", "75001"),
            ("69-003", "69003"),
            ("2a004", "2A004"),
            (None, ""),
            (False, ""),
        ]:
            with self.subTest(raw=raw):
                self.assertEqual(sector.normalize_postcode(raw), clean)

    def test_department_from_postcode(self):
        for postcode, department in [
            ("75001", "75"),
            ("01000", "01"),
            ("20000", "2A"),
            ("20167", "2A"),
            ("20200", "2B"),
            ("20600", "2B"),
            ("97110", "971"),
            ("97400", "974"),
            ("97600", "976"),
            ("00100", None),
            ("7500", None),
            ("ABCDE", None),
            ("", None),
        ]:
            with self.subTest(postcode=postcode):
                self.assertEqual(sector.department_from_postcode(postcode), department)

    @given(st.from_regex(r"\A(0[1-9]|[1-8][0-9]|9[0-5])[0-9]{3}\Z"))
    def test_metropolitan_postcodes(self, postcode):
        department = sector.department_from_postcode(postcode)
        self.assertTrue(department and len(department) == 2)
        if not postcode.startswith("20"):
            self.assertEqual(department, postcode[:2])

    def _rules(self):
        return [
            Rule(1, 10, "country", 1, None, None, None),
            Rule(2, 20, "region", None, 84, None, None),
            Rule(3, 30, "department", None, None, 69, None),
            Rule(4, 40, "postcode", None, None, None, "69"),
            Rule(5, 50, "postcode", 1, None, None, "6900"),
        ]

    def test_most_specific_wins(self):
        rules = sector.sort_rules(self._rules())
        for place, expected in [
            (Place(1, 84, 69, "69003"), 50),
            (Place(1, 84, 69, "69100"), 40),
            (Place(1, 84, 69, None), 30),
            (Place(1, 84, 38, "38000"), 20),
            (Place(1, 11, 75, "75001"), 10),
            (Place(2, None, None, "1000"), None),
            (Place(2, None, None, "69003"), 40),
            (Place(False, False, False, False), None),
        ]:
            with self.subTest(place=place):
                self.assertEqual(sector.match_sector(rules, place), expected)

    def test_clashes(self):
        rules = self._rules()
        self.assertEqual(sector.find_clashes(rules), [])
        same_department = Rule(6, 60, "department", None, None, 69, None)
        clashes = sector.find_clashes(rules + [same_department])
        self.assertEqual([(a.sector_id, b.sector_id) for a, b in clashes], [(30, 60)])
        same_prefix = Rule(7, 70, "postcode", None, None, None, " 69 ")
        self.assertEqual(len(sector.find_clashes(rules + [same_prefix])), 1)
        # Same sector twice is not a clash.
        self.assertEqual(
            sector.find_clashes(rules + [rules[0]._replace(rule_id=8)]), []
        )

    def test_sector_salesperson(self):
        # (own salesperson, sector's, overwrite) -> salesperson
        for own, sector_user, overwrite, expected in [
            (None, 7, False, 7),
            (False, 7, False, 7),
            (3, 7, False, 3),
            (3, 7, True, 7),
            (3, None, True, 3),
            (None, None, False, None),
            (7, 7, False, 7),
        ]:
            with self.subTest(own=own, sector_user=sector_user, overwrite=overwrite):
                self.assertEqual(
                    sector.sector_salesperson(own, sector_user, overwrite), expected
                )

    def test_sector_team(self):
        # (team, salesperson, sector's salesperson, sector's team) -> team;
        # the sector's team has users 7 and 8.
        members = [7, 8]
        for team, user, sector_user, sector_team, expected in [
            (None, 7, 7, 50, 50),  # the sector's salesperson
            (40, 8, 7, 50, 50),  # one of the sector's team
            (40, None, None, 50, 50),  # nobody
            (40, 9, 7, 50, 40),  # someone else keeps their team
            (None, 9, 7, 50, None),
            (40, 7, 7, None, 40),  # a sector without a team
        ]:
            with self.subTest(team=team, user=user, sector_team=sector_team):
                self.assertEqual(
                    sector.sector_team(team, user, sector_user, sector_team, members),
                    expected,
                )

    @given(st.from_regex(r"\A[0-9]{5}\Z"), st.from_regex(r"\A[0-9]{1,5}\Z"))
    def test_prefix_rule_matches_its_prefix(self, postcode, prefix):
        rule = Rule(1, 1, "postcode", None, None, None, prefix)
        self.assertEqual(
            sector.rule_matches(rule, Place(1, None, None, postcode)),
            postcode.startswith(prefix),
        )


def _siret(body13):
    """Complete 13 digits into a Luhn-valid SIRET."""
    return body13 + luhn.calc_check_digit(body13)


@tagged("post_install", "-at_install")
class TestQualityRules(BaseCase):
    def _values(self, **overrides):
        values = {
            "is_company": True,
            "country_code": "FR",
            "siren": "732829320",
            "nic": "00074",
            "naf_code": "62.01Z",
            "email": "contact@exemple.fr",
            "phone": "+33 4 72 00 00 00",
            "street": "1 place Bellecour",
            "zip": "69002",
            "city": "Lyon",
            "department_code": "69",
            "department_region_code": 84,
            "region_code": False,
        }
        values.update(overrides)
        return values

    def test_perfect_record(self):
        self.assertEqual(quality.evaluate(self._values()), (100, []))

    def test_each_rule(self):
        for overrides, failing in [
            ({"nic": "00075"}, ["siret"]),
            ({"siren": False, "nic": False}, ["siret"]),
            ({"naf_code": False}, ["naf"]),
            ({"email": "contact@@exemple"}, ["email"]),
            ({"email": "contact@exemple"}, ["email"]),
            ({"email": False}, ["email"]),
            ({"phone": "+33 4 72"}, ["phone"]),
            ({"phone": "n/a"}, ["phone"]),
            ({"street": False}, ["address"]),
            ({"zip": False, "department_code": False}, ["address", "department"]),
            ({"region_code": 11}, ["department"]),
            ({"region_code": 84}, []),
        ]:
            with self.subTest(overrides=overrides):
                self.assertEqual(
                    quality.evaluate(self._values(**overrides))[1], failing
                )

    def test_score_and_applicability(self):
        score, failing = quality.evaluate(self._values(naf_code=False, email=False))
        self.assertEqual((score, failing), (67, ["naf", "email"]))
        # A person has no SIRET or NAF rule.
        score, failing = quality.evaluate(
            self._values(is_company=False, siren=False, nic=False, naf_code=False)
        )
        self.assertEqual((score, failing), (100, []))
        # A foreign company: no French identifier or département rule.
        score, failing = quality.evaluate(
            self._values(
                country_code="DE",
                siren=False,
                nic=False,
                naf_code=False,
                phone="+49 30 123456",
                department_code=False,
            )
        )
        self.assertEqual((score, failing), (100, []))

    @given(st.from_regex(r"\A[0-9]{8}\Z"), st.from_regex(r"\A[0-9]{4}\Z"))
    def test_any_checksum_valid_siret_passes(self, siren8, nic4):
        siren = siren8 + luhn.calc_check_digit(siren8)
        if siren == "356000000":  # La Poste has its own rule
            return
        siret = _siret(siren + nic4)
        values = self._values(siren=siret[:9], nic=siret[9:])
        self.assertNotIn("siret", quality.evaluate(values)[1])
        bad_nic = siret[9:13] + str((int(siret[13]) + 1) % 10)
        self.assertIn(
            "siret", quality.evaluate(self._values(siren=siren, nic=bad_nic))[1]
        )


@tagged("post_install", "-at_install")
class TestImportCheckRules(BaseCase):
    def test_map_headers(self):
        self.assertEqual(
            import_check.map_headers(
                [
                    "Nom",
                    " SIRET ",
                    "Code NAF/APE",
                    "Code Postal",
                    "Département",
                    "E-mail",
                    "Courriel",
                    "Téléphone",
                    "inconnu",
                    None,
                ]
            ),
            [
                "name",
                "siret",
                "naf_code",
                "zip",
                "department",
                "email",
                "email",
                "phone",
                None,
                None,
            ],
        )

    def test_normalize_name(self):
        for raw, clean in [
            ("Boulangerie Martin SARL", "boulangerie martin"),
            ("  BOULANGERIE   MARTIN ", "boulangerie martin"),
            ("Électricité Gérard & Fils", "electricite gerard fils"),
            ("SAS Dupont", "dupont"),
            (None, ""),
        ]:
            with self.subTest(raw=raw):
                self.assertEqual(import_check.normalize_name(raw), clean)

    def test_parse_amount(self):
        for raw, amount in [
            ("1 250 000,50 €", 1250000.5),
            ("1\u202f000", 1000.0),
            (15000, 15000.0),
            ("", 0.0),
            ("beaucoup", None),
        ]:
            with self.subTest(raw=raw):
                self.assertEqual(import_check.parse_amount(raw), amount)

    def test_check_row(self):
        base = {
            "name": "Atelier",
            "siret": "73282932000074",
            "naf_code": "62.01Z",
            "street": "1 rue",
            "zip": "69002",
            "city": "Lyon",
        }
        known = {"62.01Z"}
        for overrides, refusing, warnings in [
            ({}, [], []),
            ({"siret": "732 829 320 00074"}, [], []),
            ({"siret": "73282932000075"}, ["siret_invalid"], []),
            ({"naf_code": "99.99X"}, ["naf_unknown"], []),
            ({"department": "69"}, [], []),
            ({"department": "75"}, ["department_mismatch"], []),
            ({"zip": "20000", "department": "2A"}, [], []),
            ({"annual_revenue": "-1"}, ["revenue_invalid"], []),
            ({"name": " "}, ["name_missing"], []),
            ({"email": "a@@b"}, [], ["email_invalid"]),
            ({"phone": "01 23"}, [], ["phone_invalid"]),
            ({"siret": "", "naf_code": ""}, [], ["siret_missing", "naf_missing"]),
            ({"naf_code": "6201z"}, [], []),
            ({"siren": "732829320"}, [], []),
            ({"siren": "552081317"}, ["siren_invalid"], []),
            ({"legal_form": "S.A.R.L.", "headcount": 42}, [], []),
            ({"legal_form": "Ltd"}, [], ["legal_form_unknown"]),
            ({"customer_since": "31/02/2019"}, [], ["date_invalid"]),
            ({"street": ""}, [], ["address_incomplete"]),
        ]:
            with self.subTest(overrides=overrides):
                values = dict(base, **overrides)
                self.assertEqual(
                    import_check.check_row(values, known), (refusing, warnings)
                )

    def test_file_duplicates(self):
        rows = [
            {"name": "Boulangerie Martin", "siret": "73282932000074"},
            {"name": "Autre", "email": "a@b.fr"},
            {"name": "BOULANGERIE MARTIN SARL"},
            {"name": "Encore", "email": "A@B.fr ", "phone": "+33 4 72 00 00 00"},
            {"name": "Dernier", "phone": "04 72 00 00 00", "siret": "73282932000074"},
        ]
        self.assertEqual(
            import_check.find_file_duplicates(rows),
            {
                2: {0: ["name"]},
                3: {1: ["email"]},
                4: {0: ["siret", "siren"], 3: ["phone"]},
            },
        )

    @given(st.lists(st.text(max_size=12), max_size=30))
    def test_file_duplicates_never_points_forward(self, names):
        rows = [{"name": name} for name in names]
        for index, earlier in import_check.find_file_duplicates(rows).items():
            self.assertTrue(all(e < index for e in earlier))


@tagged("post_install", "-at_install")
class TestImportReadingRules(BaseCase):
    """How the check reads the values that need reading (issue 13)."""

    def test_headcount_is_a_number_of_employees(self):
        for raw, band in [
            (42, "12"),
            ("42", "12"),
            (42.0, "12"),
            ("12", "11"),
            ("0", "NN"),
            ("1", "01"),
            ("9", "03"),
            ("10", "11"),
            ("249", "31"),
            ("250", "32"),
            ("1 200 salariés", "42"),
            ("1\u202f200", "42"),
            ("environ 35 personnes", "12"),
            ("20 à 49", "12"),
            ("20-49 salariés", "12"),
            ("6 à 9 salariés", "03"),
            ("10 000 et plus", "53"),
            ("", None),
            (None, None),
        ]:
            with self.subTest(raw=raw):
                self.assertEqual(import_check.parse_headcount(raw), band)
        for raw in ("NN", "12,5", "-3", "10 à 60", "50 et plus", "beaucoup", True):
            with self.subTest(raw=raw), self.assertRaises(ValueError):
                import_check.parse_headcount(raw)

    def test_band_code_only_in_a_band_column(self):
        for raw, band in [
            ("42", "42"),
            (42, "42"),
            ("12", "12"),
            (3, "03"),
            ("3", "03"),
            ("nn", "NN"),
            ("20 à 49 salariés", "12"),
            ("", None),
        ]:
            with self.subTest(raw=raw):
                self.assertEqual(import_check.parse_headcount_band(raw), band)
        for raw in ("150", "13", "beaucoup"):
            with self.subTest(raw=raw), self.assertRaises(ValueError):
                import_check.parse_headcount_band(raw)
        self.assertEqual(
            import_check.map_headers(["Effectif", "Tranche d'effectifs"]),
            ["headcount", "headcount_band"],
        )

    @given(st.integers(min_value=1, max_value=50_000))
    def test_headcount_band_holds_the_headcount(self, count):
        band = import_check.parse_headcount(str(count))
        low, high = company.HEADCOUNT_BANDS[band]
        self.assertLessEqual(low, count)
        self.assertTrue(high is None or count <= high)

    def test_legal_forms(self):
        for raw, code in [
            ("SA", "5599"),
            ("S.A.", "5599"),
            ("Société anonyme", "5599"),
            ("SAS", "5710"),
            ("s.a.s", "5710"),
            ("Société par actions simplifiée (SAS)", "5710"),
            ("SASU", "5720"),
            ("S.A.R.L.", "5499"),
            ("sarl", "5499"),
            ("S A R L", "5499"),
            ("SARL au capital de 10 000 €", "5499"),
            ("EURL", "5498"),
            ("E.U.R.L", "5498"),
            ("SCI", "6540"),
            ("SNC", "5202"),
            ("EI", "1000"),
            ("Micro-entrepreneur", "1000"),
            ("auto entrepreneur", "1000"),
            ("Association loi 1901", "9220"),
            ("association", "9220"),
            ("SCOP", "5458"),
            ("SELARL", "5485"),
            ("G.I.E.", "6220"),
            ("5499", "5499"),
        ]:
            with self.subTest(raw=raw):
                self.assertEqual(import_check.parse_legal_form(raw), (code, None))
        for raw in ("SCM", "SA à directoire", "GAEC", "SELAS"):
            with self.subTest(raw=raw):
                self.assertEqual(
                    import_check.parse_legal_form(raw), ("other", "legal_form_other")
                )
        for raw in ("Truc", "Ltd", "GmbH"):
            with self.subTest(raw=raw):
                self.assertEqual(
                    import_check.parse_legal_form(raw), (None, "legal_form_unknown")
                )
        self.assertEqual(import_check.parse_legal_form(""), (None, None))

    def test_naf_normalised(self):
        for raw, code in [
            ("6920z", "69.20Z"),
            ("69.20z", "69.20Z"),
            ("69 20 Z", "69.20Z"),
            ("6920Z", "69.20Z"),
            ("62.01Z", "62.01Z"),
            ("99.99x", "99.99X"),
            ("", ""),
        ]:
            with self.subTest(raw=raw):
                self.assertEqual(import_check.normalize_naf(raw), code)

    def test_dates(self):
        for raw, day in [
            ("15/03/2019", date(2019, 3, 15)),
            ("15-03-2019", date(2019, 3, 15)),
            ("15.03.2019", date(2019, 3, 15)),
            ("15/03/19", date(2019, 3, 15)),
            ("2019-03-15", date(2019, 3, 15)),
            ("2019-03-15 00:00:00", date(2019, 3, 15)),
            ("15 mars 2019", date(2019, 3, 15)),
            ("1er février 2020", date(2020, 2, 1)),
            ("03/2019", date(2019, 3, 1)),
            ("2019", date(2019, 1, 1)),
            (2019, date(2019, 1, 1)),
            (date(2019, 3, 15), date(2019, 3, 15)),
            ("", None),
        ]:
            with self.subTest(raw=raw):
                self.assertEqual(import_check.parse_date(raw), day)
        for raw in ("31/02/2019", "29/02/2019", "2019-13-01", "32/01/2020", "n/a"):
            with self.subTest(raw=raw), self.assertRaises(ValueError):
                import_check.parse_date(raw)

    @given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)))
    def test_french_dates_read_back(self, day):
        self.assertEqual(import_check.parse_date(day.strftime("%d/%m/%Y")), day)

    def test_file_findings(self):
        siret_2 = "73282932000017"  # same SIREN as SIRET_A, another NIC
        rows = [
            {"name": "Atelier Un", "siret": "73282932000074", "city": "Lyon"},
            {"name": "Atelier Un", "siret": "73282932000074", "city": "Lyon"},
            {"name": "Autre Nom", "siret": "73282932000074"},
            {"name": "Second Site", "siret": siret_2},
            {"name": "Sans Siret", "email": "a@b.fr"},
            {"name": "Encore", "email": "A@b.fr"},
            {"name": "Second Site", "siret": "73282932000025"},
        ]
        self.assertTrue(luhn.is_valid(siret_2))
        self.assertEqual(
            import_check.file_findings(rows),
            {
                1: [("siret_in_file", 0, []), ("identical_in_file", 0, [])],
                2: [
                    ("siret_in_file", 0, []),
                    ("duplicate_in_file", 0, ["siret"]),
                ],
                3: [("siren_in_file", 0, [])],
                5: [("duplicate_in_file", 4, ["email"])],
                6: [("siren_in_file", 0, []), ("duplicate_in_file", 3, ["name"])],
            },
        )

    def test_postcode_and_city(self):
        places = [
            ("Lyon", "69002", 5, None),
            ("LYON 3E", "69003", 1, 0),
            ("Lyon", "75001", 1, 1),
            ("Saint-Denis", "93200", 2, None),
            ("St Denis", "97400", 1, 2),
            ("Saint Denis", "97490", 1, 4),
            ("Orléans", "45000", 1, 3),
        ]
        table = import_check.city_departments(places)
        self.assertEqual(
            import_check.postcode_city_clash("Lyon", "75001", 1, table), ("69", 6, [0])
        )
        self.assertIsNone(import_check.postcode_city_clash("Lyon", "69003", 0, table))
        # Homonyms seen about as often in both départements: no clash.
        self.assertIsNone(
            import_check.postcode_city_clash("St Denis", "97400", 2, table)
        )
        # A city seen only in its own row.
        self.assertIsNone(
            import_check.postcode_city_clash("Orléans", "45000", 3, table)
        )
        self.assertEqual(
            import_check.normalize_city("ST-ÉTIENNE CEDEX 2"), "saint etienne"
        )

    def test_interpret_row(self):
        clean, warnings = import_check.interpret_row(
            {
                "naf_code": "6920z",
                "legal_form": "S.A.R.L.",
                "headcount": "42",
                "customer_since": "15/03/2019",
                "contact_role": "Direction",
                "is_decision_maker": "Oui",
                "is_company": "Vrai",
            }
        )
        self.assertEqual(
            clean,
            {
                "naf_code": "69.20Z",
                "legal_form": "5499",
                "headcount_band": "12",
                "customer_since": date(2019, 3, 15),
                "contact_role": "management",
                "is_decision_maker": True,
            },
        )
        self.assertEqual(warnings, [])
        clean, warnings = import_check.interpret_row(
            {
                "legal_form": "Ltd",
                "headcount": "NN",
                "headcount_band": "150",
                "customer_since": "31/02/2019",
                "contact_role": "Chef",
                "is_decision_maker": "peut-être",
                "is_company": "Non",
            }
        )
        self.assertEqual(clean, {})
        self.assertEqual(
            warnings,
            [
                "legal_form_unknown",
                "headcount_band_invalid",
                "headcount_invalid",
                "date_invalid",
                "role_unknown",
                "yes_no_unknown",
                "company_flag_mismatch",
            ],
        )
