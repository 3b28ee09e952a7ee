import base64
import csv
import io
from pathlib import Path
from unittest.mock import patch

import openpyxl
import xlsxwriter

from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, new_test_user, tagged

from ..tools import import_check as rules
from ..tools import table_file
from .common import CrmPmeCase

FIXTURE = Path(__file__).parent / "data" / "fichier_clients_a_verifier.csv"
RULES = "odoo.addons.crm_pme_base.tools.import_check"


def make_file(count):
    """A CSV of ``count`` companies with the template's columns."""
    lines = [FIXTURE.read_text(encoding="utf-8").splitlines()[0]]
    for i in range(count):
        lines.append(
            f"Société Numéro {i};;62.01Z;SAS;;;{i} rue Longue;69003;;Lyon;"
            f"France;;contact{i}@numero.fr;"
        )
    # Row 3 repeats row 2: a duplicate found across batches.
    lines.append("Société Numéro 0;;62.01Z;SAS;;;;69003;;Lyon;France;;;")
    return "\n".join(lines).encode()


@tagged("post_install", "-at_install")
class TestImportCheckBackground(CrmPmeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Check = cls.env["crm.pme.import.check"]
        cls.cron = cls.env.ref("crm_pme_base.ir_cron_crm_pme_import_check")

    def _check(self, content, filename="clients.csv", **vals):
        return self.Check.with_user(self.manager).create(
            {
                "file": base64.b64encode(content),
                "filename": filename,
                "target": "company",
                **vals,
            }
        )

    def _triggers(self):
        return self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)])

    def _statuses(self, check):
        return [
            (line.row_number, line.status, line.reasons)
            for line in check.line_ids.sorted("row_number")
        ]

    def test_small_file_checked_at_once(self):
        triggers = self._triggers()
        check = self._check(FIXTURE.read_bytes())
        check.action_check()
        self.assertEqual(check.state, "checked")
        self.assertEqual(len(check.line_ids), 12)
        self.assertEqual((check.total_rows, check.checked_rows), (12, 12))
        self.assertEqual(self._triggers(), triggers)

    def test_large_file_checked_in_background(self):
        content = make_file(24)
        check = self._check(content, batch_size=10)
        with patch(f"{RULES}.SYNC_MAX_ROWS", 20):
            check.action_check()
        self.assertEqual(check.state, "queued")
        self.assertEqual((check.total_rows, check.checked_rows), (25, 0))
        self.assertFalse(check.line_ids)
        self.assertTrue(self._triggers(), "the background check is triggered")
        # A call of the cron whose time is up after one batch.
        cron, progress = self.cron._add_progress()
        self.Check.with_context(
            ir_cron_progress_id=progress.id
        )._cron_crm_pme_import_check(time_budget=-1)
        self.assertEqual(check.state, "queued")
        self.assertEqual(check.checked_rows, 10)
        self.assertEqual(round(check.progress), 40)
        self.assertEqual(len(check.line_ids), 10)
        self.assertEqual((progress.done, progress.remaining), (10, 15))
        # The next calls continue after the first batch, up to the end.
        cron, progress = self.cron._add_progress()
        self.Check.with_context(
            ir_cron_progress_id=progress.id
        )._cron_crm_pme_import_check(time_budget=None)
        self.assertEqual((progress.done, progress.remaining), (15, 0))
        self.assertEqual(check.state, "checked")
        self.assertEqual(check.checked_rows, 25)
        self.assertEqual(check.line_ids.mapped("row_number"), list(range(2, 27)))
        last = check.line_ids.filtered(lambda line: line.row_number == 26)
        self.assertIn("Repeats row 2 of the file", last.reasons)
        # Same outcome as a check of the same file at once.
        at_once = self._check(content, batch_size=10)
        at_once.action_check()
        self.assertEqual(at_once.state, "checked")
        self.assertEqual(self._statuses(check), self._statuses(at_once))
        # The manager is told: an activity and a message in their inbox.
        activity = check.activity_ids
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn("0 ready, 25 with warnings", activity.note.striptags())
        message = check.message_ids.filtered(
            lambda m: self.manager.partner_id in m.partner_ids
        )
        self.assertIn("Migration check of clients.csv done", message.body)
        # The manager reads the result and imports the ready rows.
        check.with_user(self.manager).action_import()
        self.assertEqual(check.state, "done")

    def test_byte_limit_queues_without_reading(self):
        check = self._check(make_file(3))
        with patch(f"{RULES}.SYNC_MAX_BYTES", 100):
            check.action_check()
        self.assertEqual(check.state, "queued")
        self.assertEqual(check.total_rows, 0)
        self.Check._cron_crm_pme_import_check(time_budget=None)
        self.assertEqual(check.state, "checked")
        self.assertEqual(check.total_rows, 4)

    def test_bad_file_is_a_clear_error(self):
        # At once: the error, nothing written.
        check = self._check(b"Foo;Bar\n1;2\n")
        with self.assertRefused(UserError, "No column holds the name"):
            check.action_check()
        self.assertEqual(check.state, "draft")
        self.assertFalse(check.line_ids)
        # In the background: the check says why, the manager is told.
        check = self._check(b"Foo;Bar\n" + b"1;2\n" * 50)
        with patch(f"{RULES}.SYNC_MAX_BYTES", 100):
            check.action_check()
        self.assertEqual(check.state, "queued")
        self.Check._cron_crm_pme_import_check(time_budget=None)
        self.assertEqual(check.state, "error")
        self.assertIn("No column holds the name", check.error_message)
        self.assertFalse(check.line_ids)
        self.assertEqual(check.activity_ids.user_id, self.manager)
        self.assertIn("stopped", check.activity_ids.note.striptags())

    def test_background_runs_with_the_uploader_rights(self):
        check = self._check(make_file(3))
        with patch(f"{RULES}.SYNC_MAX_BYTES", 100):
            check.action_check()
        # The manager lost the right before the scheduled action ran.
        self.manager.groups_id -= self.env.ref("crm_pme_base.crm_pme_group_manager")
        self.Check._cron_crm_pme_import_check(time_budget=None)
        check = self.Check.browse(check.id)
        self.assertEqual(check.state, "error")
        self.assertIn("Only a CRM PME manager", check.error_message)
        self.assertFalse(check.line_ids)

    def test_only_the_uploader_reads_the_check(self):
        check = self._check(FIXTURE.read_bytes())
        check.action_check()
        other = new_test_user(
            self.env,
            login="crm_pme_manager_2",
            groups="crm_pme_base.crm_pme_group_manager",
            company_id=self.company_a.id,
            company_ids=[self.company_a.id],
        )
        with self.assertRaises(AccessError):
            check.with_user(other).read(["filename"])
        self.assertFalse(
            self.env["crm.pme.import.check.line"]
            .with_user(other)
            .search([("check_id", "=", check.id)])
        )
        with self.assertRaises(AccessError):
            check.with_user(self.user_b).read(["filename"])

    def test_csv_dialect_stays_local(self):
        # One column: the sniffer finds no delimiter and ";" is used.
        check = self._check(b"Nom\nAtelier Quintal\n")
        check.action_check()
        self.assertEqual(check.line_ids.name, "Atelier Quintal")
        self.assertEqual(csv.excel.delimiter, ",")
        self.assertEqual(list(csv.reader(io.StringIO("a,b"))), [["a", "b"]])

    def test_xlsx_formula_values(self):
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, ["Nom", "Chiffre d'affaires annuel", "Code postal"])
        sheet.write_string(1, 0, "Atelier Quintal")
        sheet.write_formula(1, 1, "=1000*1250", None, 1_250_000)
        sheet.write_formula(1, 2, '="690"&"02"', None, "69002")
        book.close()
        check = self._check(output.getvalue(), "clients.xlsx")
        check.action_check()
        line = check.line_ids
        self.assertEqual(line.name, "Atelier Quintal")
        self.assertNotIn("positive amount", line.reasons or "")
        self.assertIn('"annual_revenue": 1250000', line.values_json)
        self.assertIn('"zip": "69002"', line.values_json)
        # A formula whose result was never computed: said clearly.
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Nom", "Chiffre d'affaires annuel"])
        sheet.append(["Atelier Quintal", "=1000*1250"])
        output = io.BytesIO()
        book.save(output)
        check = self._check(output.getvalue(), "clients.xlsx")
        with self.assertRefused(UserError, r"Cells B2 hold a formula"):
            check.action_check()
        self.assertFalse(check.line_ids)


@tagged("post_install", "-at_install")
class TestImportReader(BaseCase):
    """The file readers of tools/import_check.py, without database."""

    def test_csv_delimiters_and_encodings(self):
        cases = [
            ("semicolon", b"Nom;Ville\nA;Lyon\n", ["A", "Lyon"]),
            ("comma", b"Nom,Ville\nA,Lyon\n", ["A", "Lyon"]),
            ("tab", b"Nom\tVille\nA\tLyon\n", ["A", "Lyon"]),
            ("one column", b"Nom\nA\n", ["A"]),
            ("cp1252", "Nom;Ville\nA;Orléans\n".encode("cp1252"), ["A", "Orléans"]),
            ("bom", "\ufeffNom;Ville\nA;Lyon\n".encode(), ["A", "Lyon"]),
            ("blank lines", b"Nom;Ville\n\n;\nA;Lyon\n", ["A", "Lyon"]),
        ]
        for label, content, first in cases:
            with self.subTest(label):
                headers, rows = table_file.read_csv(content)
                self.assertEqual(headers[0], "Nom")
                self.assertEqual(rows, [first])
                self.assertEqual(csv.excel.delimiter, ",")

    def test_bad_bytes_name_their_line(self):
        # 0x81 is undefined in Windows-1252; a UTF-8 file ("é" as two bytes)
        # with one damaged byte is not read as Windows-1252 either.
        cases = [
            ("windows-1252", b"Nom\nA\nB\x81\n", 3, "81", "Windows-1252"),
            ("utf-8", "Nom\nÉtienne\n".encode() + b"Z\xe9\n", 3, "E9", "UTF-8"),
            ("first line", b"N\x8fom\nA\n", 1, "8F", "Windows-1252"),
        ]
        for label, content, line, byte, encoding in cases:
            with self.subTest(label):
                with self.assertRaises(table_file.FileReadError) as catcher:
                    table_file.read_csv(content)
                self.assertEqual(catcher.exception.code, "bad_bytes")
                self.assertEqual(
                    catcher.exception.params,
                    {"line": line, "byte": byte, "encoding": encoding},
                )

    def test_broken_csv(self):
        # A field past the csv module's size limit (an unclosed quote).
        limit = csv.field_size_limit(1000)
        try:
            with self.assertRaises(table_file.FileReadError) as catcher:
                table_file.read_csv(b'Nom;Ville\nA;"' + b"x" * 2000)
        finally:
            csv.field_size_limit(limit)
        self.assertEqual(catcher.exception.code, "not_a_table")

    def test_xlsx_values_not_formulas(self):
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, ["Nom", "CA"])
        sheet.write_string(1, 0, "A")
        sheet.write_formula(1, 1, "=2*3", None, 6)
        sheet.write_string(2, 0, "=texte")
        book.close()
        headers, rows = table_file.read_xlsx(output.getvalue())
        self.assertEqual(headers, ["Nom", "CA"])
        self.assertEqual(rows, [["A", 6], ["=texte", None]])

    def test_xlsx_formula_without_value(self):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Nom", "CA", "Ville"])
        for i in range(7):
            sheet.append([f"Société {i}", "=2*3", '=UPPER("lyon")'])
        output = io.BytesIO()
        book.save(output)
        with self.assertRaises(table_file.FileReadError) as catcher:
            table_file.read_xlsx(output.getvalue())
        self.assertEqual(catcher.exception.code, "formula_without_value")
        self.assertEqual(catcher.exception.params["cells"], "B2, C2, B3, C3, B4...")

    def test_not_a_workbook(self):
        with self.assertRaises(table_file.FileReadError) as catcher:
            table_file.read_table(b"PK\x03\x04 nothing else")
        self.assertEqual(catcher.exception.code, "not_a_workbook")

    def test_background_threshold(self):
        limit_rows, limit_bytes = rules.SYNC_MAX_ROWS, rules.SYNC_MAX_BYTES
        for size, rows, expected in [
            (1000, 10, False),
            (1000, None, False),
            (limit_bytes, limit_rows, False),
            (limit_bytes + 1, None, True),
            (limit_bytes + 1, 1, True),
            (1000, limit_rows + 1, True),
        ]:
            with self.subTest(size=size, rows=rows):
                self.assertEqual(rules.needs_background(size, rows), expected)
