from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import MarketingCase


@tagged("post_install", "-at_install")
class TestSettings(MarketingCase):
    """The marketing settings (RFM window) of a company are changed only by
    a CRM PME manager allowed in that company, whatever the context or the
    values sent by RPC."""

    def _unchanged(self):
        for company in self.company_a | self.company_b:
            self.assertEqual(company.crm_pme_rfm_months, 24)
            self.assertEqual(company.crm_pme_active_months, 12)

    def test_manager_of_a_cannot_write_b_through_vals(self):
        wizard = (
            self.env["crm.pme.settings"]
            .with_user(self.manager)
            .create(
                {
                    "company_id": self.company_b.id,
                    "crm_pme_rfm_months": 6,
                    "crm_pme_active_months": 6,
                    "crm_pme_lost_months": 18,
                }
            )
        )
        self.assertEqual(wizard.company_id, self.company_b)
        with self.assertRefused(AccessError, "company you are allowed in"):
            wizard.action_apply()
        self._unchanged()

    def test_manager_of_a_cannot_write_b_through_context(self):
        Settings = (
            self.env["crm.pme.settings"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=[self.company_b.id])
        )
        with self.assertRaises(AccessError):
            Settings.create({"crm_pme_rfm_months": 6}).action_apply()
        self._unchanged()

    def test_plain_user_refused(self):
        Settings = self.env["crm.pme.settings"].with_user(self.user)
        with self.assertRaises(AccessError):
            Settings.create({"crm_pme_rfm_months": 6}).action_apply()
        # Even on a wizard a manager prepared.
        wizard = (
            self.env["crm.pme.settings"]
            .with_user(self.manager)
            .create({"crm_pme_rfm_months": 6})
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.user).action_apply()
        self._unchanged()

    def test_manager_of_both_companies(self):
        manager_ab = new_test_user(
            self.env,
            login="mkt_manager_ab",
            groups="crm_pme_base.crm_pme_group_manager",
            company_id=self.company_a.id,
            company_ids=[self.company_a.id, self.company_b.id],
        )
        (
            self.env["crm.pme.settings"]
            .with_user(manager_ab)
            .with_context(allowed_company_ids=[self.company_b.id, self.company_a.id])
            .create({"crm_pme_rfm_months": 6})
            .action_apply()
        )
        self.assertEqual(self.company_b.crm_pme_rfm_months, 6)
        self.assertEqual(self.company_a.crm_pme_rfm_months, 24)
        (
            self.env["crm.pme.settings"]
            .with_user(manager_ab)
            .create({"company_id": self.company_a.id, "crm_pme_rfm_months": 9})
            .action_apply()
        )
        self.assertEqual(self.company_a.crm_pme_rfm_months, 9)
        self.assertEqual(self.company_b.crm_pme_rfm_months, 6)
