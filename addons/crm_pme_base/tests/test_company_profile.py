from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import SIRET_A, CrmPmeCase


@tagged("post_install", "-at_install")
class TestCompanyProfile(CrmPmeCase):
    def test_user_creates_company_with_profile(self):
        naf = self.env.ref("crm_pme_base.naf_62_01Z")
        partner_form = Form(self.env["res.partner"].with_user(self.user))
        partner_form.company_type = "company"
        partner_form.name = "Logiciels du Rhône"
        partner_form.country_id = self.fr
        partner_form.siret = SIRET_A
        partner_form.zip = "69003"
        partner_form.city = "Lyon"
        partner_form.street = "5 cours Lafayette"
        partner_form.naf_id = naf
        partner_form.legal_form = "5710"
        partner_form.headcount_band = "12"
        partner_form.annual_revenue = 3_500_000
        partner = partner_form.save()
        self.assertEqual(partner.siren, SIRET_A[:9])
        self.assertEqual(partner.nic, SIRET_A[9:])
        self.assertEqual(partner.naf_section_id.code, "J")
        self.assertEqual(partner.revenue_band, "2m_10m")
        self.assertEqual(partner.company_category, "pme")
        self.assertEqual(partner.lifecycle_state, "prospect")
        self.assertEqual(partner.country_department_id, self.rhone)

    def test_contact_role_and_decision_maker(self):
        company = self.env["res.partner"].create(
            self._company_vals("Menuiserie Caluire")
        )
        contact_form = Form(self.env["res.partner"].with_user(self.user))
        contact_form.name = "Claire Dumas"
        contact_form.parent_id = company
        contact_form.function = "Directrice des achats"
        contact_form.contact_role = "purchasing"
        contact_form.is_decision_maker = True
        contact = contact_form.save()
        decision_makers = self.env["res.partner"].search(
            [("parent_id", "=", company.id), ("is_decision_maker", "=", True)]
        )
        self.assertEqual(decision_makers, contact)
        self.assertEqual(contact.commercial_sector_id, company.sector_id)

    def test_invalid_siret_refused(self):
        Partner = self.env["res.partner"].with_user(self.user)
        count = Partner.search_count([])
        with self.assertRaises(ValidationError):
            Partner.create(self._company_vals("Siret Faux", siret="73282932000075"))
        self.assertEqual(Partner.search_count([]), count)

    def test_negative_revenue_refused(self):
        Partner = self.env["res.partner"].with_user(self.user)
        with self.assertRefused(ValidationError, "cannot be negative"):
            Partner.create(self._company_vals("Revenu Négatif", annual_revenue=-1))
        self.assertFalse(Partner.search([("name", "=", "Revenu Négatif")]))

    def test_naf_must_be_subclass(self):
        section = self.env.ref("crm_pme_base.naf_J")
        with self.assertRefused(ValidationError, "sub-class"):
            self.env["res.partner"].create(
                self._company_vals("Section", naf_id=section.id)
            )

    def test_unknown_naf_code_on_import(self):
        Partner = self.env["res.partner"].with_user(self.user)
        result = Partner.load(
            ["name", "is_company", "naf_id"],
            [["Import Inconnu", "1", "99.99X"], ["Import Connu", "1", "62.01Z"]],
        )
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        self.assertIn("99.99X", result["messages"][0]["message"])
        self.assertFalse(Partner.search([("name", "like", "Import %")]))
        ok = Partner.load(
            ["name", "is_company", "naf_id"], [["Import Connu", "1", "62.01Z"]]
        )
        self.assertEqual(Partner.browse(ok["ids"]).naf_id.code, "62.01Z")

    def test_naf_reference_read_only_for_users(self):
        naf = self.env.ref("crm_pme_base.naf_62_01Z")
        self.assertEqual(
            naf.with_user(self.user).display_name, "62.01Z Programmation informatique"
        )
        with self.assertRaises(AccessError):
            naf.with_user(self.manager).write({"name": "Autre"})
        self.assertEqual(
            self.env["crm.pme.naf"].search_count([("level", "=", "subclass")]), 732
        )
        self.assertEqual(
            self.env["crm.pme.naf"].search_count([("level", "=", "section")]), 21
        )
