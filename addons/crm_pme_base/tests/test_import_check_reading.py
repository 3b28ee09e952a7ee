import base64
import csv
import io
from datetime import date
from pathlib import Path

import openpyxl
import xlsxwriter

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..tools import import_check as rules
from .common import CrmPmeCase

DATA = Path(__file__).parent / "data"
ADDON = Path(__file__).resolve().parent.parent
# A messy company file as a French SME keeps it (Windows-1252, ";", French
# amounts and dates, the traps of issue 13), and the verdict and a reason
# expected for each row.
MESSY = DATA / "recette_pme_cp1252.csv"
EXPECTED = DATA / "recette_pme_attendu.csv"


@tagged("post_install", "-at_install")
class TestImportCheckReading(CrmPmeCase):
    """The check and the import lose nothing silently (issue 13)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.existing = cls.env["res.partner"].create(
            cls._company_vals("Déjà Client Historique", siret="44455566800045")
        )

    def _wizard(self, content, filename="clients.csv", **vals):
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

    def _csv(self, *lines):
        return "\n".join(lines).encode("cp1252")

    def _lines(self, wizard):
        return {line.row_number: line for line in wizard.line_ids}

    def test_messy_file_agreement(self):
        wizard = self._wizard(MESSY.read_bytes())
        wizard.action_check()
        lines = self._lines(wizard)
        with EXPECTED.open(encoding="utf-8") as expected_file:
            expected = list(csv.DictReader(expected_file, delimiter=";"))
        self.assertGreaterEqual(len(expected), 30)
        self.assertEqual(set(lines), {int(row["ligne"]) for row in expected})
        disagreements = []
        for row in expected:
            line = lines[int(row["ligne"])]
            agrees = (
                line.name == row["nom"]
                and line.status == row["verdict"]
                and row["motif"] in (line.reasons or "")
                and (row["verdict"] != "ready" or not line.reasons)
            )
            if not agrees:
                disagreements.append(
                    f"row {row['ligne']} {row['nom']}: expected {row['verdict']} "
                    f"({row['motif']}), got {line.status} ({line.reasons})"
                )
        self.assertFalse(
            disagreements,
            f"{len(expected) - len(disagreements)}/{len(expected)} rows agree:\n"
            + "\n".join(disagreements),
        )

    def test_messy_file_import_with_warnings(self):
        wizard = self._wizard(MESSY.read_bytes(), include_warnings=True)
        wizard.action_check()
        wizard.action_import()
        lines = {line.name: line for line in wizard.line_ids}
        Partner = self.env["res.partner"]

        def partner(name):
            line = lines[name]
            self.assertEqual(line.status, "imported", line.reasons)
            return line.partner_id

        martin = partner("Fournil des Quintal")
        # 42 employees: band 12 (20 to 49), not band 42 (1,000 to 1,999).
        self.assertEqual(martin.headcount_band, "12")
        self.assertEqual(martin.company_category, "pme")
        self.assertEqual(martin.legal_form, "5499")
        self.assertEqual(martin.customer_since, date(2019, 3, 15))
        self.assertEqual(martin.annual_revenue, 1_250_000.5)
        roux = partner("Roux & Vidal Audit")
        self.assertEqual(roux.naf_id.code, "69.20Z")
        self.assertEqual(roux.legal_form, "5485")
        self.assertEqual(roux.headcount_band, "11")
        self.assertEqual(roux.customer_since, date(2018, 1, 1))
        self.assertEqual(partner("Coopérative Ouvrière Lumière").legal_form, "5458")
        gie = partner("GIE Transports Réunis")
        self.assertEqual((gie.legal_form, gie.headcount_band), ("6220", "42"))
        self.assertEqual(partner("Crêperie du Vieux Lyon").legal_form, "1000")
        self.assertEqual(partner("Association Les Amis du Rhône").legal_form, "9220")
        self.assertEqual(partner("Cabinet Médical Fourvière").legal_form, "other")
        self.assertFalse(partner("Trading Partners").legal_form)
        self.assertEqual(partner("Agence Web Confluence").naf_id.code, "62.01Z")
        self.assertFalse(partner("Courants Forts Bœuf & Fils").customer_since)
        self.assertFalse(partner("Vins de Bordeaux Export").country_id)
        self.assertEqual(partner("Conseil Nantais").country_id, self.fr)
        # A SIRET of the file or of Odoo is on one company only.
        siret = martin.siret
        self.assertEqual(Partner.search_count([("siret", "=", siret)]), 1)
        self.assertEqual(lines["Fournil des Quintal Bis"].status, "refused")
        self.assertEqual(Partner.search_count([("siret", "=", "44455566800045")]), 1)
        fleuristes = wizard.line_ids.filtered(
            lambda line: line.name == "Fleuriste Sans Siret"
        )
        self.assertEqual(sorted(fleuristes.mapped("status")), ["imported", "refused"])

    def test_headcount_and_band_columns(self):
        wizard = self._wizard(
            self._csv(
                "Nom;Effectif;Tranche d'effectif",
                "Quarante-deux Salariés;42;",
                "Tranche Quarante-deux;;42",
                "Tranche Trois;;3",
            ),
            include_warnings=True,
        )
        wizard.action_check()
        wizard.action_import()
        bands = {line.name: line.partner_id.headcount_band for line in wizard.line_ids}
        self.assertEqual(
            bands,
            {
                "Quarante-deux Salariés": "12",
                "Tranche Quarante-deux": "42",
                "Tranche Trois": "03",
            },
        )

    def test_every_template_column_lands(self):
        """Every column of the import templates is written on the partner."""
        company_values = {
            "Nom": "Menuiserie Durand",
            "Est une société": "Vrai",
            "SIRET": "73282932000074",
            "Code NAF/APE": "1623z",
            "Forme juridique": "S.A.R.L.",
            "Effectif": "8",
            "Chiffre d'affaires annuel": "850 000,00",
            "Rue": "14 rue des Artisans",
            "Rue 2": "Bâtiment B",
            "Code postal": "69007",
            "Ville": "Lyon",
            "Pays": "France",
            "Téléphone": "+33 4 78 00 00 00",
            "E-mail": "contact@menuiserie-durand.fr",
            "Lien vers un site web": "https://www.menuiserie-durand.fr",
            "Client depuis": "01/03/2019",
        }
        company_fields = {
            "name": ("name", "Menuiserie Durand"),
            "is_company": ("is_company", True),
            "siret": ("siret", "73282932000074"),
            "naf_code": ("naf_id.code", "16.23Z"),
            "legal_form": ("legal_form", "5499"),
            "headcount": ("headcount_band", "03"),
            "annual_revenue": ("annual_revenue", 850_000),
            "street": ("street", "14 rue des Artisans"),
            "street2": ("street2", "Bâtiment B"),
            "zip": ("zip", "69007"),
            "city": ("city", "Lyon"),
            "country": ("country_id.code", "FR"),
            "phone": ("phone", "+33 4 78 00 00 00"),
            "email": ("email", "contact@menuiserie-durand.fr"),
            "website": ("website", "https://www.menuiserie-durand.fr"),
            "customer_since": ("customer_since", date(2019, 3, 1)),
        }
        company = self._import_template(
            "crm_pme_companies.xlsx", company_values, company_fields, "company"
        )
        contact_values = {
            "Nom": "Sophie Durand",
            "Société associée": "Menuiserie Durand",
            "Poste": "Gérante",
            "Rôle": "Direction",
            "Décisionnaire": "Oui",
            "E-mail": "sophie.durand@menuiserie-durand.fr",
            "Téléphone": "+33 4 78 00 00 01",
            "Mobile": "+33 6 12 34 56 78",
        }
        contact_fields = {
            "name": ("name", "Sophie Durand"),
            "parent_name": ("parent_id", company),
            "function": ("function", "Gérante"),
            "contact_role": ("contact_role", "management"),
            "is_decision_maker": ("is_decision_maker", True),
            "email": ("email", "sophie.durand@menuiserie-durand.fr"),
            "phone": ("phone", "+33 4 78 00 00 01"),
            "mobile": ("mobile", "+33 6 12 34 56 78"),
        }
        self._import_template(
            "crm_pme_contacts.xlsx", contact_values, contact_fields, "contact"
        )

    def _import_template(self, template, values, expected, target):
        sheet = openpyxl.load_workbook(ADDON / "static" / "xls" / template).active
        headers = [cell.value for cell in sheet[1]]
        # A new template column needs its value and its field here.
        self.assertEqual(set(headers), set(values))
        self.assertEqual(set(rules.map_headers(headers)), set(expected))
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        out = book.add_worksheet()
        for col, header in enumerate(headers):
            out.write_string(0, col, header)
            out.write_string(1, col, values[header])
        book.close()
        wizard = self._wizard(output.getvalue(), "template.xlsx", target=target)
        wizard.action_check()
        self.assertEqual(wizard.line_ids.status, "ready", wizard.line_ids.reasons)
        wizard.action_import()
        partner = wizard.line_ids.partner_id
        self.assertTrue(partner)
        for key, (path, value) in expected.items():
            with self.subTest(template=template, column=key):
                self.assertEqual(
                    partner.mapped(path)[0] if "." in path else partner[path], value
                )
        return partner

    def test_unreadable_values_are_reported(self):
        wizard = self._wizard(
            self._csv(
                "Nom;Rôle;Décisionnaire;Société associée;Pays;Est une société",
                "Paul Martin;Chef;Peut-être;Société Fantôme;Atlantide;Vrai",
            ),
            target="contact",
            include_warnings=True,
        )
        wizard.action_check()
        line = wizard.line_ids
        self.assertEqual(line.status, "warning")
        for text in (
            "Role “Chef” not recognised",
            "Decision-maker “Peut-être” is neither yes nor no",
            "No company named “Société Fantôme”",
            "Unknown country “Atlantide”",
            "The row says “Vrai” for “Is a company”",
        ):
            self.assertIn(text, line.reasons)
        wizard.action_import()
        contact = line.partner_id
        self.assertFalse(
            contact.contact_role
            or contact.is_decision_maker
            or contact.parent_id
            or contact.country_id
            or contact.is_company
        )

    def test_same_siren_and_postcode_name_the_other_row(self):
        wizard = self._wizard(
            self._csv(
                "Nom;SIRET;Rue;Code postal;Ville",
                "Atelier Un;73282932000074;1 rue A;69002;Lyon",
                "Atelier Deux;73282932000017;2 rue B;69003;Lyon",
                "Atelier Trois;;3 rue C;75003;Lyon",
            )
        )
        wizard.action_check()
        lines = self._lines(wizard)
        self.assertIn("Same SIREN as row 2 of the file", lines[3].reasons)
        self.assertIn(
            "Postcode 75003 is in département 75, but Lyon is in département 69 "
            "elsewhere (row 2, row 3",
            lines[4].reasons,
        )
        self.assertNotIn("Postcode", lines[2].reasons or "")

    def test_repeated_row_says_which_fields(self):
        wizard = self._wizard(
            self._csv(
                "Nom;E-mail;Téléphone;Code postal;Ville;Rue",
                "Atelier Un;un@atelier.fr;04 72 00 00 01;69002;Lyon;1 rue A",
                "Atelier Un;autre@atelier.fr;04 72 00 00 01;69002;Lyon;1 rue A",
            )
        )
        wizard.action_check()
        self.assertIn(
            "Repeats row 2 of the file: same phone, name",
            self._lines(wizard)[3].reasons,
        )

    def test_siret_created_since_the_check_is_not_imported_again(self):
        wizard = self._wizard(
            self._csv("Nom;SIRET", "Atelier Un;73282932000074"),
            include_warnings=True,
        )
        wizard.action_check()
        self.assertEqual(wizard.line_ids.status, "warning")
        # Another check of the same file, imported in between.
        other = self._wizard(
            self._csv("Nom;SIRET", "Atelier Un;73282932000074"),
            include_warnings=True,
        )
        other.action_check()
        other.action_import()
        self.assertEqual(other.line_ids.status, "imported")
        wizard.action_import()
        self.assertEqual(wizard.line_ids.status, "refused")
        self.assertIn(
            "SIRET 73282932000074 is already on Atelier Un", wizard.line_ids.reasons
        )
        self.assertEqual(
            self.env["res.partner"].search_count([("siret", "=", "73282932000074")]),
            1,
        )

    def test_bad_bytes_name_the_line(self):
        content = "Nom;Ville\nA;Lyon\nB;Orléans\n".encode("cp1252") + b"C\x81;Lyon\n"
        wizard = self._wizard(content)
        with self.assertRaisesRegex(
            UserError, r"Line 4 of the file holds a byte \(81\)"
        ):
            wizard.action_check()
        self.assertFalse(wizard.line_ids)

    def test_report_writes_text_as_text(self):
        names = ["=SOMME(A1:A3)", "=1+2", "+33 Conseil", "-Tiret", "@Arobase"]
        wizard = self._wizard(self._csv("Nom", *names))
        wizard.action_check()
        raw = wizard._report_xlsx()
        book = openpyxl.load_workbook(io.BytesIO(raw))
        sheet = book.active
        cells = [sheet.cell(row, 2) for row in range(2, 2 + len(names))]
        self.assertEqual([cell.value for cell in cells], names)
        self.assertEqual({cell.data_type for cell in cells}, {"s"})
