import base64

import psycopg2

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import CrmPmeCase

# A 1x1 PNG.
PIXEL = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
)


@tagged("post_install", "-at_install")
class TestPartnerProof(CrmPmeCase):
    """The consent ledger and the lifecycle history are never deleted with
    their partner; the RGPD erasure anonymises the person and keeps them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.company = Partner.create(cls._company_vals("Imprimerie Gerland"))
        cls.person = Partner.create(
            {
                "name": "Jeanne Martin",
                "parent_id": cls.company.id,
                "company_id": cls.company_a.id,
                "email": "Jeanne.Martin@example.fr",
                "phone": "+33 4 78 61 22 33",
                "mobile": "+33 6 12 34 56 78",
                "street": "3 rue des Lilas",
                "zip": "69007",
                "city": "Lyon",
                "function": "Acheteuse",
                "comment": "<p>Préfère être appelée le matin</p>",
                "image_1920": PIXEL,
            }
        )
        cls.refusal = (
            cls.env["crm.pme.consent"]
            .with_user(cls.user)
            .create(
                {
                    "partner_id": cls.person.id,
                    "channel": "email",
                    "state": "refused",
                    "source": "Appel entrant",
                    "proof": "Refus exprimé au téléphone, appel n° 4521",
                }
            )
        )
        cls.phone_refusal = (
            cls.env["crm.pme.consent"]
            .with_user(cls.user)
            .create(
                {
                    "partner_id": cls.person.id,
                    "channel": "phone",
                    "state": "refused",
                    "source": "Appel entrant",
                }
            )
        )

    def test_partner_with_refusal_not_deleted(self):
        """A user (partner manager through CRM PME) or a manager deleting a
        person who refused is told to archive: nothing is deleted."""
        for user in (self.user, self.manager):
            with (
                self.subTest(user=user.login),
                self.assertRefused(UserError, "Archive them instead"),
            ):
                self.person.with_user(user).unlink()
        self.assertTrue(self.person.exists())
        self.assertEqual(self.person.consent_ids, self.refusal | self.phone_refusal)

    def test_partner_with_lifecycle_history_not_deleted(self):
        self.env["crm.pme.lifecycle.event"].create(
            {
                "partner_id": self.company.id,
                "company_id": self.company_a.id,
                "date": "2026-01-15",
                "old_state": "active",
                "new_state": "at_risk",
            }
        )
        with self.assertRefused(UserError, "Imprimerie Gerland"):
            self.company.with_user(self.user).unlink()
        self.assertTrue(self.company.lifecycle_event_ids)

    def test_entries_of_another_company_also_protect(self):
        """An entry the deleting user cannot see still refuses the deletion."""
        shared = self.env["res.partner"].create({"name": "Paul Partagé"})
        self.env["crm.pme.consent"].with_user(self.user_b).create(
            {"partner_id": shared.id, "channel": "post", "state": "refused"}
        )
        with self.assertRefused(UserError, "Paul Partagé"):
            shared.with_user(self.user).unlink()
        self.assertTrue(shared.exists())

    def test_partner_without_proof_deleted(self):
        Partner = self.env["res.partner"].with_user(self.user)
        typo = Partner.create({"name": "Doublon saisi par erreur"})
        typo.unlink()
        self.assertFalse(typo.exists())
        # Deleting a company leaves its contacts, and their ledger, in place.
        company = Partner.create(self._company_vals("Société fantôme"))
        self.person.parent_id = company
        company.unlink()
        self.assertTrue(self.person.exists())
        self.assertFalse(self.person.parent_id)
        self.assertEqual(len(self.person.consent_ids), 2)

    def test_database_refuses_the_cascade(self):
        """Even deleting in SQL, the ledger holds its partner."""
        self.env.flush_all()
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.ForeignKeyViolation),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "DELETE FROM res_partner WHERE id = %s", [self.person.id]
            )

    def test_merge_moves_the_ledger(self):
        """Odoo's merge wizard (the duplicates' Merge) keeps working: the
        ledger moves to the partner kept."""
        twin = self.env["res.partner"].create(
            {"name": "Jeanne Martin", "parent_id": self.company.id}
        )
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_context(
                active_model="res.partner", active_ids=(self.person | twin).ids
            )
            .create({"dst_partner_id": twin.id})
        )
        wizard.action_merge()
        self.assertFalse(self.person.exists())
        self.assertEqual(twin.consent_ids, self.refusal | self.phone_refusal)

    def test_manager_erases_a_person(self):
        company_note = self.company.message_post(
            body="Jeanne nous a écrit", author_id=self.person.id, message_type="comment"
        )
        company_note.email_from = "Jeanne Martin <jeanne.martin@example.fr>"
        self.person.message_post(body="Note sur Jeanne", message_type="comment")
        self.env["ir.attachment"].create(
            {
                "name": "cv-jeanne.pdf",
                "raw": b"%PDF-1.4",
                "res_model": "res.partner",
                "res_id": self.person.id,
            }
        )
        self.company.message_subscribe(partner_ids=self.person.ids)
        refusal_date = self.refusal.date
        # Say the blacklist entry was lifted by mistake: the erasure puts the
        # address of a person who refused back on it.
        self.env["mail.blacklist"].search(
            [("email", "=", "jeanne.martin@example.fr")]
        ).action_archive()

        self.person.with_user(self.manager).action_crm_pme_rgpd_erase()

        person = self.person.with_context(active_test=False)
        self.assertFalse(person.active)
        self.assertNotIn("Jeanne", person.name)
        for name in (
            "email",
            "phone",
            "mobile",
            "street",
            "zip",
            "city",
            "function",
            "comment",
            "image_1920",
        ):
            with self.subTest(field=name):
                self.assertFalse(person[name])
        # The proof of the refusal is kept, without naming the person.
        self.assertEqual(person.consent_ids, self.refusal | self.phone_refusal)
        self.assertTrue(self.phone_refusal.sudo().erased_subject_hash)
        self.assertEqual(
            (self.refusal.channel, self.refusal.state, self.refusal.date),
            ("email", "refused", refusal_date),
        )
        self.assertEqual(self.refusal.source, "Appel entrant")
        self.assertEqual(
            self.refusal.proof, "Refus exprimé au téléphone, appel n° 4521"
        )
        self.assertFalse(self.refusal.email)
        Consent = self.env["crm.pme.consent"].with_user(self.manager)
        self.assertEqual(
            Consent.search([("erased_subject", "=", "JEANNE.MARTIN@example.fr")]),
            self.refusal,
        )
        self.assertEqual(
            Consent.search([("erased_subject", "=", "04 78 61 22 33")]),
            self.phone_refusal,
        )
        self.assertNotIn("jeanne", self.refusal.sudo().erased_subject_hash)
        # The refusal is still honoured.
        blacklisted = self.env["mail.blacklist"].search(
            [("email", "=", "jeanne.martin@example.fr")]
        )
        self.assertTrue(blacklisted.active)
        # Chatter, attachments and followers of the person are gone; what they
        # wrote on the company's record stays there, without their address.
        messages = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", person.id)]
        )
        self.assertEqual(len(messages), 1)
        self.assertIn("RGPD", str(messages.body))
        self.assertFalse(messages.tracking_value_ids)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "res.partner"), ("res_id", "=", person.id)]
            )
        )
        self.assertNotIn(person, self.company.message_partner_ids)
        self.assertTrue(company_note.exists())
        self.assertFalse(company_note.email_from)
        self.assertEqual(company_note.author_id, person)

    def test_erasure_refused_to_a_user(self):
        """A plain user cannot erase, whatever the context they send."""
        for context in ({}, {"crm_pme_rgpd_erase": True, "uid": self.manager.id}):
            with (
                self.subTest(context=context),
                self.assertRefused(AccessError, "CRM PME manager"),
            ):
                self.person.with_user(self.user).with_context(
                    **context
                ).action_crm_pme_rgpd_erase()
        self.assertEqual(self.person.name, "Jeanne Martin")
        self.assertEqual(self.person.email, "Jeanne.Martin@example.fr")
        self.assertFalse(self.refusal.sudo().erased_subject_hash)

    def test_erasure_refused_in_another_company(self):
        with self.assertRaises(AccessError):
            self.person.with_user(self.user_b).action_crm_pme_rgpd_erase()
        self.assertEqual(self.person.name, "Jeanne Martin")

    def test_erasure_refused_for_a_user_account(self):
        with self.assertRefused(UserError, "user account"):
            self.user.partner_id.with_user(self.manager).action_crm_pme_rgpd_erase()
        self.assertTrue(self.user.partner_id.active)

    def test_erase_button_for_managers_only(self):
        Partner = self.env["res.partner"]
        manager_arch = Partner.with_user(self.manager).get_view(view_type="form")
        user_arch = Partner.with_user(self.user).get_view(view_type="form")
        button = 'name="action_crm_pme_rgpd_erase"'
        self.assertIn(button, manager_arch["arch"])
        self.assertNotIn(button, user_arch["arch"])


@tagged("post_install", "-at_install")
class TestErasureAccounting(AccountTestInvoicingCommon):
    def test_invoiced_person_not_erased(self):
        """Accounting entries are kept 10 years: their partner is not erased."""
        self.env.user.groups_id |= self.env.ref("crm_pme_base.crm_pme_group_manager")
        person = self.env["res.partner"].create({"name": "Client Particulier"})
        self.init_invoice("out_invoice", partner=person, amounts=[100.0])
        with self.assertRaises(UserError) as catcher:
            person.action_crm_pme_rgpd_erase()
        self.assertIn("10 years", str(catcher.exception))
        self.assertEqual(person.name, "Client Particulier")
