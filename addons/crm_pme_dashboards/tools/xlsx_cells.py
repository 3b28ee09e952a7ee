"""Cells of the Excel exports: text is written as text, never as a formula."""

FORMULA_STARTS = ("=", "+", "-", "@")


def write_cell(sheet, row, col, value, cell_format=None):
    """Write ``value``: numbers as numbers, every string with
    ``write_string`` so that a name beginning with "=", "+", "-" or "@" is
    not read as a formula by the spreadsheet."""
    if value is None or value is False:
        return sheet.write_blank(row, col, None, cell_format)
    if isinstance(value, bool):
        return sheet.write_boolean(row, col, value, cell_format)
    if isinstance(value, int | float):
        return sheet.write_number(row, col, value, cell_format)
    return sheet.write_string(row, col, str(value), cell_format)


def looks_like_formula(text):
    """True when a spreadsheet would read ``text`` as a formula."""
    return isinstance(text, str) and text.startswith(FORMULA_STARTS)
