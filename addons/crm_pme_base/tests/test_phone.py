from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.exceptions import UserError
from odoo.tests import BaseCase, tagged
from odoo.tools import SQL

from ..tools.phone import phone_key, phone_key_sql
from .common import CrmPmeCase

# (notations of one line, its key)
SAME_LINES = [
    (
        (
            "+33 6 12 34 56 78",
            "+33612345678",
            "0033 6 12 34 56 78",
            "+33 (0)6 12 34 56 78",
            "06 12 34 56 78",
            "06.12.34.56.78",
            "06-12-34-56-78",
            "0612345678",
            " 06 12 34 56 78 ",
            "06\u00a012\u00a034\u00a056\u00a078",
        ),
        "612345678",
    ),
    (("+33 4 72 00 00 00", "04 72 00 00 00", "04.72.00.00.00"), "472000000"),
    # Overseas departments: their own country code, or the French trunk 0.
    (("+590 590 12 34 56", "0590 12 34 56", "05.90.12.34.56"), "590123456"),
    (("+590 690 12 34 56", "06 90 12 34 56"), "690123456"),
    (("+594 594 12 34 56", "0594 12 34 56", "00594 594 123456"), "594123456"),
    (("+596 596 12 34 56", "0596 12 34 56"), "596123456"),
    (("+262 262 12 34 56", "02 62 12 34 56"), "262123456"),
    (("+262 692 12 34 56", "0692 12 34 56"), "692123456"),
    (("+262 269 61 23 45", "0269 61 23 45"), "269612345"),
    (("+262 639 12 34 56", "0639 12 34 56"), "639123456"),
]
# Short numbers and numbers that are no line: no key, matching nothing.
NO_LINE = [None, False, "", "n/a", "15", "112", "3949", "36 55", "01 23", "06 12 34"]


@tagged("post_install", "-at_install")
class TestPhoneKey(BaseCase):
    def test_notations_of_one_line(self):
        for numbers, key in SAME_LINES:
            for number in numbers:
                with self.subTest(number=number):
                    self.assertEqual(phone_key(number), key)

    def test_short_numbers_have_no_key(self):
        for number in NO_LINE:
            with self.subTest(number=number):
                self.assertEqual(phone_key(number), "")

    def test_lines_kept_apart(self):
        # Guadeloupe's 0590 and the mainland's 05 lines, a mobile and the
        # fixed line with the same last digits, are different lines.
        keys = {
            phone_key(number)
            for number in (
                "05 90 12 34 56",
                "05 56 12 34 56",
                "06 90 12 34 56",
                "01 90 12 34 56",
            )
        }
        self.assertEqual(len(keys), 4)

    @given(
        st.integers(min_value=100_000_000, max_value=999_999_999).map(str),
        st.sampled_from(["", " ", ".", "-", "\u00a0"]),
    )
    @settings(max_examples=200, deadline=None)
    def test_any_french_number_any_notation(self, national, separator):
        pairs = [national[0]] + [national[i : i + 2] for i in range(1, 9, 2)]
        local = "0" + separator.join(pairs)
        for number in (
            local,
            f"+33 {separator.join(pairs)}",
            f"0033{national}",
            f"+33 (0){national}",
        ):
            self.assertEqual(phone_key(number), national)

    @given(st.text(alphabet="0123456789 .-+()", max_size=20))
    @settings(max_examples=200, deadline=None)
    def test_fewer_than_nine_digits_no_key(self, number):
        digits = sum(char.isdigit() for char in number)
        key = phone_key(number)
        if digits < 9:
            self.assertEqual(key, "")
        else:
            self.assertEqual(len(key), 9)


@tagged("post_install", "-at_install")
class TestPhoneLine(CrmPmeCase):
    def test_sql_form_agrees_with_python(self):
        numbers = [n for numbers, _key in SAME_LINES for n in numbers] + [
            n for n in NO_LINE if n
        ]
        self.env.cr.execute(
            SQL(
                "SELECT n, %s FROM unnest(%s::text[]) AS n",
                phone_key_sql(SQL.identifier("n")),
                numbers,
            )
        )
        for number, sql_key in self.env.cr.fetchall():
            with self.subTest(number=number):
                if phone_key(number):
                    self.assertEqual(sql_key, phone_key(number))
                else:
                    # Never equal to a key phone_key returns.
                    self.assertLess(len(sql_key), 9)

    def test_partners_found_by_line_whatever_the_notation(self):
        Partner = self.env["res.partner"]
        by_phone = Partner.create({"name": "Ligne Tél", "phone": "+33 6 12 34 56 78"})
        by_mobile = Partner.create(
            {"name": "Ligne Mobile", "phone": "3949", "mobile": "06.12.34.56.78"}
        )
        other = Partner.create({"name": "Autre ligne", "phone": "06 12 34 56 79"})
        self.assertEqual(by_phone.crm_pme_phone_key, "612345678")
        self.assertEqual(by_mobile.crm_pme_phone_key, "612345678")
        for notation in ("0033 6 12 34 56 78", "06-12-34-56-78", "612345678"):
            with self.subTest(notation=notation):
                found = Partner.search([("crm_pme_phone_key", "=", notation)])
                self.assertEqual(
                    found & (by_phone | by_mobile | other), by_phone | by_mobile
                )
        # A short number is nobody's line, not even of the partner storing it.
        self.assertFalse(Partner.search([("crm_pme_phone_key", "=", "3949")]))
        with self.assertRaises(UserError):
            Partner.search([("crm_pme_phone_key", "ilike", "12 34")])

    def test_duplicates_match_the_line(self):
        Partner = self.env["res.partner"]
        first = Partner.create(
            self._company_vals("Boulangerie Ligne Une", phone="+33 4 72 12 34 56")
        )
        second = Partner.create(
            self._company_vals("Fournil Autre Nom", phone="04.72.12.34.56")
        )
        short = Partner.create(self._company_vals("Horlogerie Zéphyr", phone="3949"))
        Partner.create(self._company_vals("Cabinet Quillon", phone="3949"))
        self.assertEqual(first.duplicate_ids, second)
        self.assertEqual(second.duplicate_ids, first)
        self.assertFalse(short.duplicate_ids)
