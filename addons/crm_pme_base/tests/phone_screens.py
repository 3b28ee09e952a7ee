from odoo.tests import HttpCase
from odoo.tools.safe_eval import safe_eval


class PhoneScreensCase(HttpCase):
    """Each main screen of an add-on opened at phone size (390 x 844) on the
    demo data by the demo administrator. SCREENS maps a tour of
    static/tests/tours/phone_screens.js to the action it opens."""

    browser_size = "390x844"
    touch_enabled = True
    SCREENS = {}

    def _check_screens(self):
        if not self.env.ref("base.res_partner_2", raise_if_not_found=False):
            self.skipTest("the main screens are checked on the demo data")
        admin = self.env.ref("base.user_admin")
        for tour, xmlid in self.SCREENS.items():
            with self.subTest(screen=xmlid):
                action = self.env.ref(xmlid)
                domain = safe_eval(action.domain or "[]", {"uid": admin.id})
                # The demo fills the screen with records the administrator reads.
                count = self.env[action.res_model].with_user(admin).search_count(domain)
                self.assertTrue(count, f"{xmlid} shows nothing on the demo data")
                self.start_tour(f"/odoo/action-{xmlid}", tour, login="admin")
