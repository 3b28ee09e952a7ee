from odoo.tests import tagged

from .phone_screens import PhoneScreensCase


@tagged("post_install", "-at_install")
class TestPhoneScreens(PhoneScreensCase):
    SCREENS = {
        "crm_pme_base_phone_companies": "crm_pme_base.res_partner_action_companies",
        "crm_pme_base_phone_consents": "crm_pme_base.crm_pme_consent_action",
        "crm_pme_base_phone_lifecycle": "crm_pme_base.crm_pme_lifecycle_event_action",
        "crm_pme_base_phone_duplicates": "crm_pme_base.crm_pme_duplicate_action",
        "crm_pme_base_phone_quality": "crm_pme_base.res_partner_action_quality",
    }

    def test_main_screens_on_a_phone(self):
        self._check_screens()
