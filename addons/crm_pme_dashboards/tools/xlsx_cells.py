"""Cells of the Excel exports: text is written as text, never as a formula."""

from datetime import date

FORMULA_STARTS = ("=", "+", "-", "@")
# strftime directives of Odoo's language date formats, in Excel's words.
EXCEL_DATE_CODES = {
    "%d": "dd",
    "%e": "d",
    "%m": "mm",
    "%Y": "yyyy",
    "%y": "yy",
    "%b": "mmm",
    "%B": "mmmm",
    "%a": "ddd",
    "%A": "dddd",
    "%H": "hh",
    "%I": "hh",
    "%M": "mm",
    "%S": "ss",
    "%p": "AM/PM",
    "%%": "%",
}


def write_cell(sheet, row, col, value, cell_format=None):
    """Write ``value``: numbers as numbers, dates and datetimes as dates
    (give a ``cell_format`` with a date format), every string with
    ``write_string`` so that a name beginning with "=", "+", "-" or "@" is
    not read as a formula by the spreadsheet."""
    if value is None or value is False:
        return sheet.write_blank(row, col, None, cell_format)
    if isinstance(value, bool):
        return sheet.write_boolean(row, col, value, cell_format)
    if isinstance(value, int | float):
        return sheet.write_number(row, col, value, cell_format)
    if isinstance(value, date):
        return sheet.write_datetime(row, col, value, cell_format)
    return sheet.write_string(row, col, str(value), cell_format)


def looks_like_formula(text):
    """True when a spreadsheet would read ``text`` as a formula."""
    return isinstance(text, str) and text.startswith(FORMULA_STARTS)


def excel_date_format(strftime_format):
    """The Excel number format of a strftime date format (a language's
    ``date_format``, e.g. "%d/%m/%Y" -> "dd/mm/yyyy"). Other characters are
    kept; an unknown directive is dropped."""
    result = []
    index = 0
    while index < len(strftime_format):
        char = strftime_format[index]
        if char == "%" and index + 1 < len(strftime_format):
            result.append(EXCEL_DATE_CODES.get(strftime_format[index : index + 2], ""))
            index += 2
            continue
        result.append(char)
        index += 1
    return "".join(result)
