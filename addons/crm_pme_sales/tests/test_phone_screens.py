from odoo.tests import tagged

from odoo.addons.crm_pme_base.tests.phone_screens import PhoneScreensCase


@tagged("post_install", "-at_install")
class TestPhoneScreens(PhoneScreensCase):
    SCREENS = {
        "crm_pme_sales_phone_objectives": "crm_pme_sales.crm_pme_objective_action",
        "crm_pme_sales_phone_portfolio": "crm_pme_sales.res_partner_action_portfolio",
        "crm_pme_sales_phone_quotes": "crm_pme_sales.crm_pme_quote_report_action",
        "crm_pme_sales_phone_activity": "crm_pme_sales.crm_pme_activity_report_action",
    }

    def test_main_screens_on_a_phone(self):
        self._check_screens()
