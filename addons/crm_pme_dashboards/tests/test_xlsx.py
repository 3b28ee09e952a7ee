import io
from datetime import timedelta

import openpyxl
import xlsxwriter

from odoo.exceptions import AccessError
from odoo.tests import BaseCase, tagged
from odoo.tools.misc import get_lang

from ..tools.xlsx_cells import excel_date_format, looks_like_formula, write_cell
from .common import DashboardCase


@tagged("post_install", "-at_install")
class TestXlsxCells(BaseCase):
    def test_text_is_never_a_formula(self):
        stream = io.BytesIO()
        workbook = xlsxwriter.Workbook(stream)
        sheet = workbook.add_worksheet()
        values = ["=SUM(A1:A2)", "+33 6 12", "-remise", "@cmd", "Normal", 12.5, None]
        for row, value in enumerate(values):
            write_cell(sheet, row, 0, value)
        workbook.close()
        sheet = openpyxl.load_workbook(io.BytesIO(stream.getvalue())).active
        for row, value in enumerate(values, 1):
            cell = sheet.cell(row, 1)
            self.assertEqual(cell.value, value)
            if isinstance(value, str):
                self.assertEqual(cell.data_type, "s")
        self.assertTrue(looks_like_formula("=1+1"))
        self.assertFalse(looks_like_formula("Alpha"))


@tagged("post_install", "-at_install")
class TestDashboardXlsx(DashboardCase):
    def test_export_as_filtered(self):
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_xlsx(
                "crm_pme_dashboards.dashboard_xlsx", [], {"filters": self.filters}
            )
        )
        self.assertEqual(kind, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        # The after-sales and marketing sheets follow when those add-ons are in.
        self.assertEqual(
            book.sheetnames[:5],
            [
                "Customers lost and at risk",
                "Sales",
                "Conversion",
                "Results by criteria",
                "Receivables",
            ],
        )
        headline = book["Customers lost and at risk"]
        self.assertEqual(headline.freeze_panes, "A5")
        self.assertEqual(headline["A4"].value, "Figure")
        figures = {
            headline.cell(row, 1).value: headline.cell(row, 2).value
            for row in range(5, 10)
        }
        self.assertEqual(figures["Customers lost (12 months)"], 1)
        self.assertEqual(figures["What they brought in their last 12 months"], 1000)
        self.assertEqual(figures["Retention rate"], 50)
        self.assertIn("#,##0", headline.cell(6, 2).number_format)
        receivables = book["Receivables"]
        names = [
            receivables.cell(row, 1).value for row in range(1, receivables.max_row + 1)
        ]
        self.assertIn("=Delta Tableau", names)
        delta = receivables.cell(names.index("=Delta Tableau") + 1, 1)
        self.assertEqual(delta.data_type, "s")
        self.assertEqual(receivables.cell(delta.row, 2).value, 250)


@tagged("post_install", "-at_install")
class TestReportListXlsx(DashboardCase):
    """The report lists' Export to Excel: the selected records with the
    columns of the list."""

    def export(self, report_name, records, user=None):
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(user or self.manager)
            ._render_xlsx(report_name, records.ids, {})
        )
        self.assertEqual(kind, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content)).active

    def test_quote_to_order_list(self):
        records = (
            self.env["crm.pme.quote.report"]
            .with_user(self.manager)
            .search([("company_id", "=", self.company.id)])
        )
        self.assertEqual(len(records), 4)
        sheet = self.export("crm_pme_dashboards.quote_report_xlsx", records)
        self.assertEqual(sheet.title, "Quote-to-order analysis")
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(
            [cell.value for cell in sheet[1]],
            [
                "Quotation",
                "Quotation date",
                "Order date",
                "Customer",
                "Salesperson",
                "Sector",
                "Amount quoted",
                "Amount ordered",
                "Days from quote to order",
            ],
        )
        rows = {sheet.cell(row, 1).value: row for row in range(2, 6)}
        row = rows[self.order.name]
        self.assertEqual(sheet.cell(row, 4).value, "Alpha Tableau")
        self.assertEqual(sheet.cell(row, 5).value, "Léa Tableau")
        quoted = sheet.cell(row, 2)
        self.assertTrue(quoted.is_date)
        self.assertEqual(quoted.value.date(), self.today - timedelta(days=25))
        lang = get_lang(self.env(user=self.manager))
        self.assertEqual(quoted.number_format, excel_date_format(lang.date_format))
        amount = sheet.cell(row, 7)
        self.assertEqual(amount.value, 1000)
        currency_format = self.env[
            "report.crm_pme_dashboards.list_xlsx"
        ]._report_xlsx_currency_format(self.company.currency_id)
        self.assertEqual(amount.number_format, currency_format)
        # The lines summed in the list are totalled under the records.
        self.assertEqual(sheet.cell(6, 1).value, "Total")
        self.assertEqual(sheet.cell(6, 7).value, 2000)
        self.assertEqual(sheet.cell(6, 7).number_format, currency_format)
        self.assertGreaterEqual(sheet.column_dimensions["A"].width, 10)

    def test_lost_customers_list_text_is_text(self):
        self.env["crm.pme.lifecycle.event"].sudo().create(
            {
                "partner_id": self.delta.id,
                "company_id": self.company.id,
                "date": self.today - timedelta(days=3),
                "old_state": "active",
                "new_state": "at_risk",
            }
        )
        records = (
            self.env["crm.pme.lifecycle.event"]
            .with_user(self.manager)
            .search([("company_id", "=", self.company.id)])
        )
        sheet = self.export("crm_pme_dashboards.lifecycle_event_xlsx", records)
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(
            [cell.value for cell in sheet[1]], ["Date", "Partner", "From", "To"]
        )
        self.assertEqual(sheet.max_row, len(records) + 1)
        (delta,) = [
            row
            for row in range(2, sheet.max_row + 1)
            if sheet.cell(row, 2).value == "=Delta Tableau"
        ]
        self.assertEqual(sheet.cell(delta, 2).data_type, "s")
        self.assertEqual(sheet.cell(delta, 3).value, "Active customer")
        self.assertEqual(sheet.cell(delta, 4).value, "At risk")

    def test_records_of_another_company_refused(self):
        echo_event = self.env["crm.pme.lifecycle.event"].search(
            [("partner_id", "=", self.echo.id)]
        )
        with self.assertRaises(AccessError):
            self.export("crm_pme_dashboards.lifecycle_event_xlsx", echo_event, self.rep)


@tagged("post_install", "-at_install")
class TestExcelDateFormat(BaseCase):
    def test_excel_date_format(self):
        for strftime_format, expected in (
            ("%d/%m/%Y", "dd/mm/yyyy"),
            ("%m/%d/%Y", "mm/dd/yyyy"),
            ("%Y-%m-%d", "yyyy-mm-dd"),
            ("%d %B %Y", "dd mmmm yyyy"),
            ("%H:%M:%S", "hh:mm:ss"),
            ("%d.%m.%y %%", "dd.mm.yy %"),
        ):
            with self.subTest(strftime_format=strftime_format):
                self.assertEqual(excel_date_format(strftime_format), expected)
