"""Write the CRM PME import templates (Excel) of crm_pme_base and crm_pme_sales.

Their column titles are the French labels of the fields, which Odoo's import
maps by itself for a French user, and which the migration check
(crm.pme.import.check) reads too. Run with any Python that has xlsxwriter:

    python scripts/generate_import_templates.py
"""

from pathlib import Path

import xlsxwriter

ADDONS = Path(__file__).resolve().parent.parent / "addons"
OUT = ADDONS / "crm_pme_base/static/xls"
OUT_SALES = ADDONS / "crm_pme_sales/static/xls"

COMPANIES = [
    ("Nom", "Menuiserie Durand"),
    ("Est une société", "Vrai"),
    ("SIRET", "73282932000074"),
    ("Code NAF/APE", "16.23Z"),
    ("Forme juridique", "SARL"),
    ("Effectif", "6 à 9 salariés"),
    ("Chiffre d'affaires annuel", 850000),
    ("Rue", "14 rue des Artisans"),
    ("Rue 2", ""),
    ("Code postal", "69007"),
    ("Ville", "Lyon"),
    ("Pays", "France"),
    ("Téléphone", "+33 4 78 00 00 00"),
    ("E-mail", "contact@menuiserie-durand.fr"),
    ("Lien vers un site web", "https://www.menuiserie-durand.fr"),
    ("Client depuis", "2019-03-01"),
]
CONTACTS = [
    ("Nom", "Sophie Durand"),
    ("Société associée", "Menuiserie Durand"),
    ("Poste", "Gérante"),
    ("Rôle", "Direction"),
    ("Décisionnaire", "Vrai"),
    ("E-mail", "sophie.durand@menuiserie-durand.fr"),
    ("Téléphone", "+33 4 78 00 00 01"),
    ("Mobile", "+33 6 00 00 00 00"),
]

OPPORTUNITIES = [
    ("Opportunité", "Agencement de l'atelier"),
    ("Client", "Menuiserie Durand"),
    ("Nom de la société", "Menuiserie Durand"),
    ("Nom du contact", "Sophie Durand"),
    ("E-mail", "sophie.durand@menuiserie-durand.fr"),
    ("Téléphone", "+33 4 78 00 00 01"),
    ("Revenu attendu", 12000),
    ("Probabilité", 40),
    ("Date de clôture prévue", "2026-12-15"),
    ("Vendeur", ""),
    ("Équipe commerciale", ""),
    ("Étiquettes", ""),
    ("Notes", "Rendez-vous pris au salon"),
]


def write(name, columns, folder=OUT):
    book = xlsxwriter.Workbook(str(folder / name))
    sheet = book.add_worksheet("Import")
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7"})
    for col, (title, example) in enumerate(columns):
        sheet.write(0, col, title, bold)
        sheet.write(1, col, example)
        sheet.set_column(col, col, max(14, len(title) + 2))
    sheet.freeze_panes(1, 0)
    book.close()


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    write("crm_pme_companies.xlsx", COMPANIES)
    write("crm_pme_contacts.xlsx", CONTACTS)
    OUT_SALES.mkdir(parents=True, exist_ok=True)
    write("crm_pme_opportunities.xlsx", OPPORTUNITIES, OUT_SALES)
