from odoo.tests import tagged

from odoo.addons.crm_pme_base.tests.phone_screens import PhoneScreensCase


@tagged("post_install", "-at_install")
class TestPhoneScreens(PhoneScreensCase):
    SCREENS = {
        "crm_pme_marketing_phone_campaigns": (
            "crm_pme_marketing.crm_pme_campaign_action"
        ),
        "crm_pme_marketing_phone_segments": "crm_pme_marketing.crm_pme_segment_action",
        "crm_pme_marketing_phone_offers": "crm_pme_marketing.crm_pme_offer_action",
        "crm_pme_marketing_phone_scripts": (
            "crm_pme_marketing.crm_pme_call_script_action"
        ),
        "crm_pme_marketing_phone_geo": "crm_pme_marketing.crm_pme_geo_report_action",
    }

    def test_main_screens_on_a_phone(self):
        self._check_screens()
