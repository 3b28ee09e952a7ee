from odoo.tests import tagged

from odoo.addons.crm_pme_base.tests.phone_screens import PhoneScreensCase


@tagged("post_install", "-at_install")
class TestPhoneScreens(PhoneScreensCase):
    SCREENS = {
        "crm_pme_aftersales_phone_tickets": "crm_pme_aftersales.helpdesk_ticket_action",
        "crm_pme_aftersales_phone_interventions": (
            "crm_pme_aftersales.crm_pme_intervention_action"
        ),
        "crm_pme_aftersales_phone_knowledge": (
            "crm_pme_aftersales.crm_pme_kb_article_action"
        ),
    }

    def test_main_screens_on_a_phone(self):
        self._check_screens()
