from odoo.tests import HttpCase, tagged

from .common import CrmPmeCase

ACTION_URL = "/odoo/action-crm_pme_base.res_partner_action_companies"


@tagged("post_install", "-at_install")
class TestUi(HttpCase, CrmPmeCase):
    def test_create_company_tour(self):
        self.start_tour(
            ACTION_URL, "crm_pme_base_create_company", login=self.user.login
        )
        partner = self.env["res.partner"].search([("name", "=", "Menuiserie du Tour")])
        self.assertEqual(partner.siret, "73282932000074")
        self.assertEqual(partner.sector_id, self.sector_lyon)
        self.assertEqual(partner.user_id, self.rep_lyon)


@tagged("post_install", "-at_install")
class TestUiPhone(HttpCase, CrmPmeCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_phone_company_tour(self):
        self.env["res.partner"].create(self._company_vals("Fromagerie du Téléphone"))
        self.start_tour(ACTION_URL, "crm_pme_base_phone_company", login=self.user.login)
