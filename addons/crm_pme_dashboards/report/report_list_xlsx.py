from lxml import etree

from odoo import fields, models
from odoo.tools.misc import get_lang

from ..tools.xlsx_cells import excel_date_format, write_cell

HIDDEN = ("1", "True", "true")
MIN_WIDTH, MAX_WIDTH = 10, 50


class CrmPmeListXlsx(models.AbstractModel):
    """A report list in Excel: the selected records with the columns of the
    list view as the user sees it (columns hidden or out of the user's
    groups left out), a frozen header row, numbers, amounts and dates as
    such, text as text. Each report list binds its own report
    (``report.crm_pme_dashboards.<name>_xlsx`` inheriting this one), since
    report_xlsx takes the records' model from the report."""

    _name = "report.crm_pme_dashboards.list_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "CRM PME report list, Excel export"

    def _get_objs_for_report(self, docids, data):
        records = super()._get_objs_for_report(docids, data)
        # Refused before the workbook is opened.
        records.check_access("read")
        return records

    def generate_xlsx_report(self, workbook, data, objs):
        records = objs
        arch = etree.fromstring(
            records.get_views([(False, "list")])["views"]["list"]["arch"]
        )
        columns = self._list_columns(records, arch)
        title = arch.get("string") or records._description
        sheet = workbook.add_worksheet(title[:31])
        formats = {}

        def style(key):
            if key not in formats:
                formats[key] = workbook.add_format(self._list_format(key))
            return formats[key]

        for col, column in enumerate(columns):
            write_cell(sheet, 0, col, column["label"], style("header"))
        widths = [len(column["label"]) for column in columns]
        totals = [0.0 if column["sum"] else None for column in columns]
        # Amounts in several currencies have no total.
        total_styles = [set() for column in columns]
        rows = records.read([column["name"] for column in columns])
        for row, (record, values) in enumerate(zip(records, rows, strict=True), 1):
            for col, column in enumerate(columns):
                value, key = self._list_cell(record, column, values[column["name"]])
                write_cell(sheet, row, col, value, style(key))
                widths[col] = max(widths[col], len(str(value or "")))
                if totals[col] is not None and isinstance(value, int | float):
                    totals[col] += value
                    total_styles[col].add(key)
        if records and any(total is not None for total in totals):
            row = len(records) + 1
            if totals[0] is None:
                write_cell(sheet, row, 0, self.env._("Total"), style("total"))
            for col, total in enumerate(totals):
                if total is not None and len(total_styles[col]) <= 1:
                    key = next(iter(total_styles[col]), "float")
                    write_cell(sheet, row, col, total, style(f"total_{key}"))
        for col, width in enumerate(widths):
            sheet.set_column(col, col, min(max(width + 2, MIN_WIDTH), MAX_WIDTH))
        sheet.freeze_panes(1, 0)
        if columns:
            sheet.autofilter(0, 0, max(len(records), 1), len(columns) - 1)

    def _list_columns(self, records, arch):
        """The visible columns of the list: name, label, kind, summed."""
        nodes = [
            node
            for node in arch.xpath("./field")
            if node.get("name") in records._fields
            and node.get("column_invisible") not in HIDDEN
            and node.get("invisible") not in HIDDEN
            and node.get("optional") != "hide"
        ]
        descriptions = records.fields_get(
            [node.get("name") for node in nodes], ["string", "type", "selection"]
        )
        columns = []
        for node in nodes:
            name = node.get("name")
            if name in {column["name"] for column in columns}:
                continue
            description = descriptions[name]
            columns.append(
                {
                    "name": name,
                    "label": node.get("string") or description["string"],
                    "type": description["type"],
                    "selection": dict(description.get("selection") or []),
                    "sum": bool(node.get("sum")),
                }
            )
        return columns

    def _list_format(self, key):
        """The cell format of ``key``: header, text, integer, float, date,
        datetime, amount_<currency id>, or total_<one of them>."""
        total = key.startswith("total")
        key = key.removeprefix("total").removeprefix("_") or "text"
        lang = get_lang(self.env)
        if key == "header":
            return {"bold": True, "bg_color": "#E9ECEF", "border": 1, "text_wrap": True}
        cell_format = {"bold": True} if total else {}
        if key.startswith("amount_"):
            currency = self.env["res.currency"].browse(int(key[7:]))
            cell_format["num_format"] = self._report_xlsx_currency_format(currency)
        elif key == "integer":
            cell_format["num_format"] = "#,##0"
        elif key == "float":
            cell_format["num_format"] = "#,##0.00"
        elif key == "date":
            cell_format["num_format"] = excel_date_format(lang.date_format)
        elif key == "datetime":
            cell_format["num_format"] = excel_date_format(
                f"{lang.date_format} {lang.time_format}"
            )
        return cell_format

    def _list_cell(self, record, column, value):
        """The value to write (a number, a date, a string or None) and the
        key of its format; ``value`` is what ``read`` gives."""
        field_type = column["type"]
        if field_type == "monetary":
            field = record._fields[column["name"]]
            currency_field = field.get_currency_field(record)
            currency = currency_field and record[currency_field]
            currency = currency or self.env.company.currency_id
            return value, f"amount_{currency.id}"
        if field_type in ("integer", "float"):
            return value, field_type
        if field_type in ("date", "datetime"):
            if field_type == "datetime" and value:
                # Excel has no time zones: the user's local time.
                value = fields.Datetime.context_timestamp(record, value)
                value = value.replace(tzinfo=None)
            return value or None, field_type
        if field_type == "many2one":
            return (value[1] if value else None), "text"
        if field_type in ("one2many", "many2many"):
            # sudo: the names only, as the list view shows them (Odoo reads
            # a relation's display name as superuser for the web client).
            names = record[column["name"]].sudo().mapped("display_name")
            return ", ".join(names) or None, "text"
        if field_type == "selection":
            return column["selection"].get(value, value) or None, "text"
        if field_type == "boolean":
            return value, "text"
        return value or None, "text"


class CrmPmeQuoteReportXlsx(models.AbstractModel):
    _name = "report.crm_pme_dashboards.quote_report_xlsx"
    _inherit = "report.crm_pme_dashboards.list_xlsx"
    _description = "Quote-to-order analysis, Excel export"


class CrmPmeObjectiveXlsx(models.AbstractModel):
    _name = "report.crm_pme_dashboards.objective_xlsx"
    _inherit = "report.crm_pme_dashboards.list_xlsx"
    _description = "Sales objectives, Excel export"


class CrmPmeLifecycleEventXlsx(models.AbstractModel):
    _name = "report.crm_pme_dashboards.lifecycle_event_xlsx"
    _inherit = "report.crm_pme_dashboards.list_xlsx"
    _description = "Lifecycle history, Excel export"
