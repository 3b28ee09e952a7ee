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
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet(env._("Check"))
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    headers = [env._("Row"), env._("Name"), env._("Status"), env._("Reasons")]
    for col, header in enumerate(headers):
        sheet.write(0, col, header, bold)
    labels = dict(
        env["crm.pme.import.check.line"]._fields["status"]._description_selection(env)
    )
    for row, line in enumerate(check.line_ids.sorted("row_number"), 1):
        sheet.write_number(row, 0, line.row_number)
        sheet.write(row, 1, line.name or "")
        sheet.write(row, 2, labels.get(line.status, line.status))
        sheet.write(row, 3, line.reasons or "", wrap)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 2, 14)
    sheet.set_column(3, 3, 80)
    book.close()
    return output.getvalue()
