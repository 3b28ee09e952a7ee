from odoo import models

from ..tools.xlsx_cells import write_cell


class CrmPmeDashboardXlsx(models.AbstractModel):
    """The dashboard as filtered, in Excel: one sheet per section, a frozen
    header row, amounts in the company's currency format."""

    _name = "report.crm_pme_dashboards.dashboard_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "CRM PME dashboard, Excel export"

    def generate_xlsx_report(self, workbook, data, objs):
        dashboard = self.env["crm.pme.dashboard"].get_dashboard(
            (data or {}).get("filters") or {}
        )
        currency = self.env["res.currency"].browse(dashboard["currency"]["id"])
        styles = {
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#E9ECEF", "border": 1, "text_wrap": True}
            ),
            "title": workbook.add_format({"bold": True, "font_size": 13}),
            "amount": workbook.add_format(
                {"num_format": self._report_xlsx_currency_format(currency)}
            ),
            "count": workbook.add_format({"num_format": "0"}),
            "percent": workbook.add_format({"num_format": '0.0" %"'}),
            "decimal": workbook.add_format({"num_format": "0.0"}),
            "text": workbook.add_format({}),
        }
        filters = dashboard["filters"]
        for section in dashboard["sections"]:
            sheet = workbook.add_worksheet(section["title"][:31])
            sheet.set_column(0, 0, 42)
            sheet.set_column(1, 6, 18)
            write_cell(sheet, 0, 0, section["title"], styles["title"])
            write_cell(
                sheet,
                1,
                0,
                self.env._(
                    "From %(start)s to %(end)s",
                    start=filters["date_from"],
                    end=filters["date_to"],
                ),
                styles["text"],
            )
            row = 3
            if section.get("tiles"):
                row = self._write_table(
                    sheet,
                    row,
                    [
                        self.env._("Figure"),
                        self.env._("Value"),
                        self.env._("Same period last year"),
                    ],
                    [
                        (
                            (tile["label"], "text"),
                            (tile["value"], self._style_key(tile["kind"])),
                            (tile.get("previous"), self._style_key(tile["kind"])),
                        )
                        for tile in section["tiles"]
                    ],
                    styles,
                )
            for title, header, lines in self._section_tables(section):
                write_cell(sheet, row, 0, title, styles["title"])
                row = self._write_table(sheet, row + 1, header, lines, styles)
            sheet.freeze_panes(4, 0)

    def _style_key(self, kind):
        return {"amount": "amount", "count": "count", "percent": "percent"}.get(
            kind, "decimal"
        )

    def _write_table(self, sheet, row, header, lines, styles):
        for col, label in enumerate(header):
            write_cell(sheet, row, col, label, styles["header"])
        row += 1
        for line in lines:
            for col, (value, style) in enumerate(line):
                write_cell(sheet, row, col, value, styles[style])
            row += 1
        return row + 1

    def _section_tables(self, section):
        """The lists of a section as (title, header, rows of (value, style))."""
        tables = []
        if section.get("objectives"):
            tables.append(
                (
                    self.env._("Objectives"),
                    [
                        self.env._("Owner"),
                        self.env._("Measure"),
                        self.env._("Target"),
                        self.env._("Achieved"),
                        self.env._("Forecast"),
                        self.env._("Attainment"),
                    ],
                    [
                        (
                            (row["owner"], "text"),
                            (row["measure"], "text"),
                            (row["target"], "amount" if row["is_amount"] else "count"),
                            (row["actual"], "amount" if row["is_amount"] else "count"),
                            (
                                row["forecast"],
                                "amount" if row["is_amount"] else "count",
                            ),
                            (row["attainment"], "percent"),
                        )
                        for row in section["objectives"]["rows"]
                    ],
                )
            )
        pipeline = section.get("pipeline") or {}
        for key, title in (
            ("by_stage", self.env._("Weighted pipeline by stage")),
            ("by_month", self.env._("Weighted pipeline by expected closing")),
        ):
            if pipeline.get(key):
                tables.append(
                    (
                        title,
                        [
                            self.env._("Stage or month"),
                            self.env._("Opportunities"),
                            self.env._("Weighted"),
                        ],
                        [
                            (
                                (row["label"], "text"),
                                (row["count"], "count"),
                                (row["amount"], "amount"),
                            )
                            for row in pipeline[key]
                        ],
                    )
                )
        if section.get("series"):
            tables.append(
                (
                    self.env._("Invoiced by month"),
                    [
                        self.env._("Month"),
                        self.env._("Invoiced"),
                        self.env._("Same month last year"),
                    ],
                    [
                        (
                            (row["month"], "text"),
                            (row["amount"], "amount"),
                            (row["previous"], "amount"),
                        )
                        for row in section["series"]
                    ],
                )
            )
        for group in section.get("groups") or []:
            tables.append(
                (
                    group["title"],
                    [self.env._("Criterion"), self.env._("Invoiced")],
                    [
                        ((row["label"], "text"), (row["amount"], "amount"))
                        for row in group["rows"]
                    ],
                )
            )
        if section.get("ageing"):
            tables.append(
                (
                    self.env._("Ageing"),
                    [self.env._("Days past due"), self.env._("Amount")],
                    [
                        ((row["label"], "text"), (row["amount"], "amount"))
                        for row in section["ageing"]
                    ],
                )
            )
        if section.get("worst"):
            tables.append(
                (
                    self.env._("Customers who owe the most"),
                    [
                        self.env._("Customer"),
                        self.env._("Overdue"),
                        self.env._("Oldest, in days"),
                    ],
                    [
                        (
                            (row["label"], "text"),
                            (row["amount"], "amount"),
                            (row["days"], "count"),
                        )
                        for row in section["worst"]
                    ],
                )
            )
        if section.get("campaigns"):
            tables.append(
                (
                    self.env._("Campaigns"),
                    [
                        self.env._("Campaign"),
                        self.env._("Leads"),
                        self.env._("Won"),
                        self.env._("Revenue"),
                        self.env._("Budget"),
                        self.env._("Return on budget"),
                    ],
                    [
                        (
                            (row["label"], "text"),
                            (row["leads"], "count"),
                            (row["won"], "count"),
                            (row["revenue"], "amount"),
                            (row["budget"], "amount"),
                            (row["return_on_budget"], "percent"),
                        )
                        for row in section["campaigns"]
                    ],
                )
            )
        return tables
