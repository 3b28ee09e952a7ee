import base64
import io
from pathlib import Path
from unittest.mock import patch

import openpyxl
import xlsxwriter

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..tools import import_check as rules
from ..wizard.crm_pme_import_check import CrmPmeImportCheck
from .common import CrmPmeCase

FIXTURE = Path(__file__).parent / "data" / "fichier_clients_a_verifier.csv"


@tagged("post_install", "-at_install", "is_query_count")
class TestImportCheck(CrmPmeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.existing = cls.env["res.partner"].create(
            [
                cls._company_vals("Déjà Client Historique", siret="44455566800045"),
                cls._company_vals("Transports Vercingétorix"),
            ]
        )

    def _wizard(self, content=None, filename="clients.csv", **vals):
        content = content if content is not None else FIXTURE.read_bytes()
        return (
            self.env["crm.pme.import.check"]
            .with_user(self.manager)
            .with_company(self.company_a)
            .create(
                {
                    "file": base64.b64encode(content),
                    "filename": filename,
                    "target": "company",
                    **vals,
                }
            )
        )

    def _statuses(self, wizard):
        return {
            line.row_number: (line.name, line.status, line.reasons or "")
            for line in wizard.line_ids
        }

    def test_check_reports_every_row_and_writes_nothing(self):
        partners_before = self.env["res.partner"].search_count([])
        wizard = self._wizard()
        wizard.action_check()
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)
        rows = self._statuses(wizard)
        expected = {
            2: ("Atelier Quintal", "ready", ""),
            3: ("Siret Faux", "refused", "Invalid SIRET"),
            4: ("Code Naf Inconnu", "refused", "Unknown NAF code"),
            5: ("Département Faux", "refused", "inconsistent with the postcode"),
            6: ("Courriel Cassé", "warning", "Malformed email"),
            7: ("Téléphone Court", "warning", "Invalid phone number"),
            # Same SIRET as row 2: a SIRET is imported once.
            8: ("Atelier Quintal Bis", "refused", "SIRET already on row 2"),
            9: ("Déjà Client", "refused", "This SIRET already exists"),
            10: ("Transports Vercingétorix SARL", "warning", "Possible duplicate of"),
            11: ("", "refused", "Name missing"),
            12: ("Revenu Négatif", "refused", "not a positive amount"),
            13: ("Ajaccio Marine", "warning", "No SIRET"),
        }
        self.assertEqual(set(rows), set(expected))
        for row, (name, status, reason) in expected.items():
            with self.subTest(row=row):
                self.assertEqual(rows[row][0], name)
                self.assertEqual(rows[row][1], status)
                self.assertIn(reason, rows[row][2])
        self.assertIn("Transports Vercingétorix", rows[10][2])
        self.assertNotIn("inconsistent", rows[13][2])
        self.assertEqual(
            (wizard.ready_count, wizard.warning_count, wizard.refused_count), (1, 4, 7)
        )
        self.assertEqual(wizard.unknown_columns, "Colonne inconnue")

    def test_title_before_and_after_the_check(self):
        wizard = self._wizard()
        self.assertEqual(wizard.display_name, "Migration check of clients.csv")
        wizard.action_check()
        self.assertEqual(wizard.state, "checked")
        self.assertEqual(wizard.display_name, "Migration check of clients.csv")
        unnamed = self._wizard(filename=False)
        self.assertEqual(unnamed.display_name, f"Migration check no. {unnamed.id}")
        self.assertEqual(
            self.env["crm.pme.import.check"].new({}).display_name,
            "New migration check",
        )

    def test_xlsx_file_and_report(self):
        text = FIXTURE.read_text(encoding="utf-8").splitlines()
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet()
        for row, line in enumerate(text):
            for col, cell in enumerate(line.split(";")):
                sheet.write(row, col, cell)
        book.close()
        wizard = self._wizard(output.getvalue(), "clients.xlsx")
        wizard.action_check()
        csv_wizard = self._wizard()
        csv_wizard.action_check()
        self.assertEqual(self._statuses(wizard), self._statuses(csv_wizard))
        action = wizard.action_download_report()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        raw = self.env["ir.attachment"].browse(attachment_id).raw
        sheet = openpyxl.load_workbook(io.BytesIO(raw)).active
        self.assertEqual(
            [c.value for c in sheet[1]], ["Row", "Name", "Status", "Reasons"]
        )
        self.assertEqual(sheet.max_row, 13)
        self.assertEqual(sheet.cell(3, 3).value, "Refused")

    def test_import_ready_rows(self):
        wizard = self._wizard()
        wizard.action_check()
        wizard.action_import()
        created = wizard.line_ids.filtered(lambda line: line.status == "imported")
        self.assertEqual(created.mapped("name"), ["Atelier Quintal"])
        partner = created.partner_id
        self.assertEqual(partner.siret, "41234567000019")
        self.assertEqual(partner.naf_id.code, "62.01Z")
        self.assertEqual(partner.legal_form, "5710")
        # "Effectif" 12 is twelve employees (band 11, 10 to 19), not band 12.
        self.assertEqual(partner.headcount_band, "11")
        self.assertEqual(partner.annual_revenue, 1_250_000)
        self.assertEqual(partner.sector_id, self.sector_lyon)
        self.assertFalse(
            self.env["res.partner"].search([("name", "=", "Courriel Cassé")])
        )

    def test_failing_batch_leaves_nothing(self):
        wizard = self._wizard(batch_size=2, include_warnings=True)
        wizard.action_check()
        original = CrmPmeImportCheck._prepare_partner_vals

        def prepare(self, values, *args):
            vals = original(self, values, *args)
            if values.get("name") == "Téléphone Court":
                vals["annual_revenue"] = -1  # refused by the partner's constraint
            return vals

        with patch.object(CrmPmeImportCheck, "_prepare_partner_vals", prepare):
            wizard.action_import()
        lines = {line.name: line for line in wizard.line_ids}
        # Batch 2 held "Téléphone Court" and "Transports Vercingétorix SARL"
        # ("Atelier Quintal Bis" repeats a SIRET: refused, in no batch):
        # neither is imported, the other batches are.
        failed = ["Téléphone Court", "Transports Vercingétorix SARL"]
        for name in failed:
            self.assertEqual(lines[name].status, "failed")
            self.assertIn("cannot be negative", lines[name].reasons)
        Partner = self.env["res.partner"]
        self.assertFalse(Partner.search([("name", "in", failed)]))
        self.assertEqual(lines["Atelier Quintal"].status, "imported")
        self.assertEqual(lines["Courriel Cassé"].status, "imported")
        self.assertEqual(lines["Ajaccio Marine"].status, "imported")
        self.assertEqual(lines["Siret Faux"].status, "refused")
        self.assertEqual(lines["Atelier Quintal Bis"].status, "refused")

    def test_bad_files(self):
        with self.assertRaises(UserError):
            self._wizard(b"Foo;Bar\n1;2\n").action_check()
        with self.assertRaises(UserError):
            self._wizard(b"not a workbook at all", "x.xlsx").action_check()

    def test_only_managers(self):
        with self.assertRaises(AccessError):
            self.env["crm.pme.import.check"].with_user(self.user).create(
                {"file": base64.b64encode(b"Nom\nA\n"), "target": "company"}
            )
        wizard = self._wizard()
        with self.assertRaises(AccessError):
            wizard.with_user(self.user).action_check()

    def test_queries_constant_per_batch(self):
        def make_file(count):
            lines = [FIXTURE.read_text(encoding="utf-8").splitlines()[0]]
            for i in range(count):
                lines.append(
                    f"Société Numéro {i};;62.01Z;SAS;;;{i} rue Longue;69003;;Lyon;"
                    f"France;;contact{i}@numero.fr;"
                )
            return "\n".join(lines).encode()

        small = self._wizard(make_file(10), batch_size=10)
        big = self._wizard(make_file(100), batch_size=10)
        self.env.invalidate_all()
        count0 = self.env.cr.sql_log_count
        small.action_check()
        self.env.flush_all()
        per_small = self.env.cr.sql_log_count - count0
        self.env.invalidate_all()
        count0 = self.env.cr.sql_log_count
        big.action_check()
        self.env.flush_all()
        per_big = self.env.cr.sql_log_count - count0
        # Ten batches instead of one: the difference is the per-batch queries.
        per_batch = (per_big - per_small) / 9
        self.assertLessEqual(per_batch, 3)
        self.assertEqual(len(big.line_ids), 100)


@tagged("post_install", "-at_install")
class TestImportTemplates(CrmPmeCase):
    def test_templates_offered_and_mapped(self):
        templates = self.env["res.partner"].get_import_templates()
        paths = [t["template"] for t in templates]
        self.assertIn("/crm_pme_base/static/xls/crm_pme_companies.xlsx", paths)
        self.assertIn("/crm_pme_base/static/xls/crm_pme_contacts.xlsx", paths)
        addon = Path(__file__).resolve().parent.parent
        for name in ("crm_pme_companies.xlsx", "crm_pme_contacts.xlsx"):
            with self.subTest(name=name):
                sheet = openpyxl.load_workbook(addon / "static" / "xls" / name).active
                headers = [c.value for c in sheet[1]]
                self.assertNotIn(None, rules.map_headers(headers))
