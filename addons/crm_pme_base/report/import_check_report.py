"""The Excel report of a migration check: one row per file row, with its
status and reasons."""

import io

try:
    import xlsxwriter
except ImportError:  # pragma: no cover - Odoo requires it
    xlsxwriter = None


def report_xlsx(check):
    """The report of the migration check ``check`` (a crm.pme.import.check
    record) as an Excel workbook (bytes), in the language of its
    environment."""
    env = check.env
    output = io.BytesIO()
    # Text is written as text: a name such as "=1+1" or "@x" is not run as
    # a formula, an address is not made a link.
    book = xlsxwriter.Workbook(
        output,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    sheet = book.add_worksheet(env._("Check"))
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    headers = [env._("Row"), env._("Name"), env._("Status"), env._("Reasons")]
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, bold)
    labels = dict(
        env["crm.pme.import.check.line"]._fields["status"]._description_selection(env)
    )
    for row, line in enumerate(check.line_ids.sorted("row_number"), 1):
        sheet.write_number(row, 0, line.row_number)
        sheet.write_string(row, 1, line.name or "")
        sheet.write_string(row, 2, labels.get(line.status, line.status))
        sheet.write_string(row, 3, line.reasons or "", wrap)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 2, 14)
    sheet.set_column(3, 3, 80)
    book.close()
    return output.getvalue()
