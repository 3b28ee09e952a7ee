from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import CrmPmeCase


@tagged("post_install", "-at_install")
class TestConsent(CrmPmeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.env["res.partner"].create(
            cls._company_vals(
                "Imprimerie Gerland",
                email="Contact@Imprimerie-Gerland.fr",
                phone="+33 4 78 61 22 33",
            )
        )
        # Odoo lets administrators (and Email Marketing users) manage the
        # blacklist.
        cls.blacklist_manager = new_test_user(
            cls.env,
            login="crm_pme_blacklist_admin",
            groups="crm_pme_base.crm_pme_group_user,base.group_system",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
        )

    def _record(self, user, channel, state, **extra):
        consent_form = Form(self.env["crm.pme.consent"].with_user(user))
        consent_form.partner_id = self.partner
        consent_form.channel = channel
        consent_form.state = state
        consent_form.legal_basis = extra.get("legal_basis", "consent")
        consent_form.source = extra.get("source", "Salon Pollutec 2026")
        consent_form.proof = "Formulaire signé sur le stand"
        return consent_form.save()

    def test_ledger_gives_current_state(self):
        self._record(self.user, "email", "granted")
        self.assertEqual(self.partner.consent_email_state, "granted")
        self.assertFalse(self.partner.consent_phone_state)
        later = self._record(self.user, "email", "withdrawn")
        self.assertEqual(self.partner.consent_email_state, "withdrawn")
        self.assertEqual(later.user_id, self.user)
        self.assertEqual(later.company_id, self.company_a)
        self.assertEqual(len(self.partner.consent_ids), 2)

    def test_email_refusal_feeds_blacklist(self):
        self._record(self.user, "email", "refused")
        blacklisted = self.env["mail.blacklist"].search(
            [("email", "=", "contact@imprimerie-gerland.fr")]
        )
        self.assertTrue(blacklisted.active)
        self.assertTrue(self.partner.is_blacklisted)
        # A user with Odoo's rights on the blacklist lifts it with a proof.
        granted = self._record(self.blacklist_manager, "email", "granted")
        self.assertFalse(blacklisted.active)
        self.assertFalse(granted.blacklist_lift_pending)

    def test_plain_user_consent_keeps_the_unsubscription(self):
        """The person unsubscribed themselves: a plain user's granted consent
        is recorded, the address stays blacklisted until a user allowed to
        manage the blacklist lifts it from the consent."""
        blacklisted = self.env["mail.blacklist"]._add(self.partner.email)
        consent = self._record(self.user, "email", "granted")
        self.assertEqual(self.partner.consent_email_state, "granted")
        self.assertTrue(blacklisted.active)
        self.assertTrue(consent.blacklist_lift_pending)
        self.assertFalse(consent.with_user(self.user).can_lift_blacklist)
        # Nor by calling the button's method by RPC, whatever the context.
        with self.assertRefused(AccessError, "allowed to manage the blacklist"):
            consent.with_user(self.user).with_context(
                crm_pme_lift_blacklist=True
            ).action_crm_pme_lift_blacklist()
        self.assertTrue(blacklisted.active)
        # A user with the rights lifts it from the consent.
        self.assertTrue(consent.with_user(self.blacklist_manager).can_lift_blacklist)
        consent.with_user(self.blacklist_manager).action_crm_pme_lift_blacklist()
        self.assertFalse(blacklisted.active)
        self.assertFalse(consent.blacklist_lift_pending)

    def test_consent_without_proof_lifts_nothing(self):
        """Even with the rights, a consent without proof lifts nothing."""
        blacklisted = self.env["mail.blacklist"]._add(self.partner.email)
        consent = (
            self.env["crm.pme.consent"]
            .with_user(self.blacklist_manager)
            .create(
                {"partner_id": self.partner.id, "channel": "email", "state": "granted"}
            )
        )
        self.assertTrue(blacklisted.active)
        self.assertTrue(consent.blacklist_lift_pending)
        with self.assertRefused(UserError, "proof"):
            consent.with_user(self.blacklist_manager).action_crm_pme_lift_blacklist()
        consent.with_user(self.manager).proof = "Courriel de la personne du 3 mars"
        consent.with_user(self.blacklist_manager).action_crm_pme_lift_blacklist()
        self.assertFalse(blacklisted.active)

    def test_phone_consent_lift_needs_the_rights(self):
        self._record(self.user, "phone", "refused")
        blacklisted = self.env["phone.blacklist"].search(
            [("number", "=", "+33478612233")]
        )
        self.assertTrue(blacklisted.active)
        consent = self._record(self.user, "phone", "granted")
        self.assertTrue(blacklisted.active)
        self.assertTrue(consent.blacklist_lift_pending)
        self._record(self.blacklist_manager, "phone", "granted")
        self.assertFalse(blacklisted.active)

    def test_phone_refusal_feeds_blacklist(self):
        self._record(self.user, "phone", "refused")
        blacklisted = self.env["phone.blacklist"].search(
            [("number", "=", "+33478612233")]
        )
        self.assertTrue(blacklisted.active)
        self.assertEqual(self.partner.consent_phone_state, "refused")

    def test_future_date_refused(self):
        Consent = self.env["crm.pme.consent"].with_user(self.user)
        with self.assertRefused(ValidationError, "future"):
            Consent.create(
                {
                    "partner_id": self.partner.id,
                    "channel": "post",
                    "state": "granted",
                    "date": fields.Datetime.now() + timedelta(days=2),
                }
            )
        self.assertFalse(Consent.search([("partner_id", "=", self.partner.id)]))

    def test_access(self):
        consent = self._record(self.user, "sms", "granted")
        # The ledger is append-only for users.
        with self.assertRaises(AccessError):
            consent.with_user(self.user).write({"state": "refused"})
        with self.assertRaises(AccessError):
            consent.with_user(self.user).unlink()
        consent.with_user(self.manager).write({"source": "Correction : salon Pollutec"})
        # The second company sees nothing of it.
        self.assertFalse(
            self.env["crm.pme.consent"]
            .with_user(self.user_b)
            .search([("id", "=", consent.id)])
        )
        with self.assertRaises(AccessError):
            consent.with_user(self.user_b).read(["state"])

    def test_consent_of_another_company_partner_refused(self):
        """A consent of company B cannot be attached to a partner of company A
        (the ledger of B would hold A's contact)."""
        Consent = self.env["crm.pme.consent"].with_user(self.user_b)
        with self.assertRefused(UserError, "(?i)compan"):
            Consent.with_company(self.company_b).create(
                {
                    "partner_id": self.partner.id,
                    "company_id": self.company_b.id,
                    "channel": "email",
                    "state": "refused",
                }
            )
        self.assertFalse(self.partner.sudo().consent_ids)
        # A partner shared by all companies takes consents of each of them.
        shared = self.env["res.partner"].create(
            {"name": "Camille Partagée", "email": "camille@example.fr"}
        )
        consent = Consent.with_company(self.company_b).create(
            {"partner_id": shared.id, "channel": "email", "state": "refused"}
        )
        self.assertEqual(consent.company_id, self.company_b)
