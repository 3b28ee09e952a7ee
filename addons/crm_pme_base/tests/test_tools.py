from odoo.tests import BaseCase, tagged


@tagged("post_install", "-at_install")
class TestSmoke(BaseCase):
    def test_smoke(self):
        self.assertTrue(True)
