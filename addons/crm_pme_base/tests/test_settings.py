from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import CrmPmeCase


@tagged("post_install", "-at_install")
class TestSettings(CrmPmeCase):
    def test_manager_changes_settings(self):
        Settings = (
            self.env["crm.pme.settings"]
            .with_user(self.manager)
            .with_company(self.company_a)
        )
        settings_form = Form(Settings)
        self.assertEqual(settings_form.crm_pme_active_months, 12)
        settings_form.crm_pme_active_months = 6
        settings_form.crm_pme_lost_months = 9
        settings_form.crm_pme_sector_overwrite_salesperson = True
        settings_form.save().action_apply()
        self.assertEqual(self.company_a.crm_pme_active_months, 6)
        self.assertEqual(self.company_a.crm_pme_lost_months, 9)
        self.assertTrue(self.company_a.crm_pme_sector_overwrite_salesperson)
        self.assertEqual(self.company_b.crm_pme_active_months, 12)

    def test_user_refused(self):
        with self.assertRaises(AccessError):
            self.env["crm.pme.settings"].with_user(self.user).create({})
        self.assertEqual(self.company_a.crm_pme_active_months, 12)

    def test_bad_windows_refused(self):
        wizard = (
            self.env["crm.pme.settings"]
            .with_user(self.manager)
            .with_company(self.company_a)
            .create({"crm_pme_active_months": 18, "crm_pme_lost_months": 12})
        )
        with self.assertRefused(ValidationError, "shorter than"):
            wizard.action_apply()
        self.assertEqual(self.company_a.crm_pme_active_months, 12)

    def test_menus_by_group(self):
        config = self.env.ref("crm_pme_base.crm_pme_menu_config")
        root = self.env.ref("crm_pme_base.crm_pme_menu_root")
        user_menus = self.env["ir.ui.menu"].with_user(self.user)._visible_menu_ids()
        manager_menus = (
            self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids()
        )
        self.assertIn(root.id, user_menus)
        self.assertNotIn(config.id, user_menus)
        self.assertIn(config.id, manager_menus)

    def test_manager_cannot_rewrite_another_company(self):
        """A manager of company A passing company B in the values (RPC) or in
        the context is refused, and B keeps its settings."""
        Settings = self.env["crm.pme.settings"].with_user(self.manager)
        wizard = Settings.create(
            {
                "company_id": self.company_b.id,
                "crm_pme_active_months": 3,
                "crm_pme_lost_months": 6,
            }
        )
        # crm_pme_marketing, when installed, refuses first with its own words.
        with self.assertRefused(AccessError, "compan(ies|y) you (work|are allowed) in"):
            wizard.action_apply()
        with self.assertRaises(AccessError):
            Settings.with_context(allowed_company_ids=[self.company_b.id]).create(
                {"crm_pme_active_months": 3, "crm_pme_lost_months": 6}
            )
        self.assertEqual(self.company_b.crm_pme_active_months, 12)
        self.assertEqual(self.company_a.crm_pme_active_months, 12)

    def test_user_refused_with_crafted_values(self):
        """A plain user is refused whatever the values and the context."""
        self.user.groups_id |= self.env.ref("base.group_multi_company")
        with self.assertRaises(AccessError):
            self.env["crm.pme.settings"].with_user(self.user).with_context(
                allowed_company_ids=[self.company_a.id]
            ).create({"company_id": self.company_a.id, "crm_pme_active_months": 3})
        # Even a wizard record made for them cannot be applied.
        wizard = (
            self.env["crm.pme.settings"]
            .with_company(self.company_a)
            .create({"crm_pme_active_months": 3, "crm_pme_lost_months": 6})
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.user).action_apply()
        self.assertEqual(self.company_a.crm_pme_active_months, 12)

    def test_manager_of_both_companies(self):
        """A manager allowed in both companies sets each one's settings."""
        self.manager.company_ids |= self.company_b
        Settings = self.env["crm.pme.settings"].with_user(self.manager)
        Settings.with_company(self.company_b).create(
            {"crm_pme_active_months": 3, "crm_pme_lost_months": 6}
        ).action_apply()
        Settings.create(
            {
                "company_id": self.company_a.id,
                "crm_pme_active_months": 9,
                "crm_pme_lost_months": 24,
            }
        ).action_apply()
        self.assertEqual(self.company_b.crm_pme_active_months, 3)
        self.assertEqual(self.company_a.crm_pme_lost_months, 24)
