from pathlib import Path

import openpyxl

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestOpportunityTemplate(TransactionCase):
    def test_template_offered(self):
        templates = self.env["crm.lead"].get_import_templates()
        self.assertEqual(
            templates[0]["template"],
            "/crm_pme_sales/static/xls/crm_pme_opportunities.xlsx",
        )
        # Odoo's own template stays available.
        self.assertGreater(len(templates), 1)
        addon = Path(__file__).resolve().parent.parent
        sheet = openpyxl.load_workbook(
            addon / "static" / "xls" / "crm_pme_opportunities.xlsx"
        ).active
        headers = [cell.value for cell in sheet[1]]
        self.assertEqual(headers[:3], ["Opportunité", "Client", "Nom de la société"])
