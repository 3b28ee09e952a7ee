"""The key of a phone line, so that records that stored the same number in
different notations are matched as one line.

A French number has nine significant digits after its trunk prefix 0 or its
country code: "+33 6 12 34 56 78", "0033 6 12 34 56 78", "+33 (0)6 12 34 56 78",
"06.12.34.56.78" and "06-12-34-56-78" are the line 612345678. The overseas
departments belong to the French numbering plan and keep their nine digits
behind their own country code: Guadeloupe "+590 590 ..." / "0590 ...",
Guyane "+594 594 ..." / "0594 ...", Martinique "+596 596 ..." / "0596 ...",
La Réunion "+262 262 ..." / "0262 ..." and Mayotte "+262 269 ..." / "0269 ..."
(mobiles 0690, 0694, 0696, 0692/0693, 0639 alike).

A number with fewer than nine digits (a short number such as 3949 or 15, or an
incomplete one) reaches no subscriber's line: it has no key and matches
nothing, not even itself.
"""

import re

from odoo.tools import SQL

KEY_LENGTH = 9


def phone_key(number):
    """The key of the line ``number`` reaches: its last nine digits, or ""
    when it has fewer digits."""
    digits = re.sub(r"\D", "", str(number or ""))
    return digits[-KEY_LENGTH:] if len(digits) >= KEY_LENGTH else ""


def phone_key_sql(column):
    """The SQL form of phone_key over ``column`` (an ``SQL`` expression).

    It is the expression of the index on ``res_partner.phone`` (see
    res_partner.py's ``init``), so that a comparison uses that index. It keeps
    the digits of a short number, which phone_key drops: compare it only with
    a key phone_key returned (never ""), then both forms find the same
    lines."""
    # 9 written out (KEY_LENGTH): the index is on this very expression.
    return SQL("right(regexp_replace(%s, '\\D', '', 'g'), 9)", column)
