import io

import openpyxl
import xlsxwriter

from odoo.tests import BaseCase, tagged

from ..tools.xlsx_cells import looks_like_formula, write_cell
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
