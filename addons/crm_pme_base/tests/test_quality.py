from datetime import date, timedelta

from odoo.tests import tagged

from .common import SIRET_A, CrmPmeCase


@tagged("post_install", "-at_install")
class TestQuality(CrmPmeCase):
    def test_score_and_issues(self):
        naf = self.env.ref("crm_pme_base.naf_43_22A")
        good = self.env["res.partner"].create(
            self._company_vals(
                "Plomberie Confluence",
                "69002",
                siret=SIRET_A,
                naf_id=naf.id,
                email="contact@plomberie-confluence.fr",
                phone="+33 4 72 41 00 00",
            )
        )
        self.assertEqual(good.quality_score, 100)
        self.assertFalse(good.quality_issues)
        poor = self.env["res.partner"].create(
            self._company_vals(
                "Sans rien", "69002", email="contact@@exemple", street=False
            )
        )
        self.assertEqual(poor.quality_score, 17)
        self.assertEqual(poor.quality_failed_rules, "siret,naf,email,phone,address")
        self.assertEqual(
            poor.with_context(lang="en_US").quality_issues.splitlines(),
            [
                "SIRET missing or invalid",
                "No NAF code",
                "Email missing or malformed",
                "Phone number missing or invalid",
                "Incomplete address",
            ],
        )
        poor.write({"street": "3 quai Perrache", "email": "contact@sansrien.fr"})
        self.assertEqual(poor.quality_score, 50)
        # The "data quality" list shows the worst first.
        action = self.env.ref("crm_pme_base.res_partner_action_quality")
        self.assertIn("quality_score", action.view_ids[0].view_id.arch)
        worst = self.env["res.partner"].search(
            [("id", "in", (good | poor).ids)], order="quality_score"
        )
        self.assertEqual(worst[0], poor)

    def test_second_company_sees_no_scores(self):
        partner = self.env["res.partner"].create(self._company_vals("Confidentiel"))
        self.assertFalse(
            self.env["res.partner"]
            .with_user(self.user_b)
            .search([("id", "=", partner.id)])
        )

    def test_duplicates(self):
        Partner = self.env["res.partner"]
        original = Partner.create(
            self._company_vals(
                "Biscuiterie Zéphyrine",
                siret=SIRET_A,
                email="bonjour@biscuiterie-zephyrine.fr",
                phone="04 78 93 17 58",
            )
        )
        same_siren = Partner.create(
            self._company_vals("BZ Croissants", siret=SIRET_A[:9] + "00066")
        )
        same_email = Partner.create(
            self._company_vals("Autre nom", email="Bonjour@Biscuiterie-Zephyrine.fr")
        )
        same_phone = Partner.create(
            self._company_vals("Troisième", phone="+33 4 78 93 17 58")
        )
        similar_name = Partner.create(self._company_vals("Biscuiterie Zéphyrine SARL"))
        unrelated = Partner.create(self._company_vals("Garage du Parc"))
        self.env.invalidate_all()
        self.assertEqual(
            original.duplicate_ids,
            same_siren | same_email | same_phone | similar_name,
        )
        self.assertEqual(original.duplicate_count, 4)
        self.assertFalse(unrelated.duplicate_ids)
        action = original.action_crm_pme_merge_duplicates()
        self.assertEqual(action["res_model"], "base.partner.merge.automatic.wizard")
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.partner_ids, original | original.duplicate_ids)
        # A user sees the same suggestions.
        self.assertEqual(original.with_user(self.user).duplicate_count, 4)

    def test_stale_prospects_flagged(self):
        Partner = self.env["res.partner"]
        stale = Partner.create(self._company_vals("Prospect oublié"))
        fresh = Partner.create(self._company_vals("Prospect récent"))
        customer = Partner.create(self._company_vals("Client ancien"))
        old = date.today() - timedelta(days=4 * 365)
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = %s WHERE id IN %s",
            [old, (stale.id, customer.id)],
        )
        # A customer of any one company is not a prospect to review.
        other = self.env["res.company"].create({"name": "Autre société"})
        self.env.cr.execute(
            "UPDATE res_partner SET lifecycle_state = jsonb_build_object(%s, "
            "'active') WHERE id = %s",
            [str(other.id), customer.id],
        )
        # A recent email from the fresh prospect keeps it.
        fresh.message_post(body="Bonjour", author_id=fresh.id, message_type="comment")
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = %s WHERE id = %s", [old, fresh.id]
        )
        Partner._crm_pme_flag_stale_prospects()
        self.assertTrue(stale.rgpd_review_needed)
        self.assertFalse(fresh.rgpd_review_needed)
        self.assertFalse(customer.rgpd_review_needed)
        self.assertEqual(stale.rgpd_last_contact_date, old)

    def test_stale_prospects_second_run_writes_nothing(self):
        """The weekly review rewrites only what changed: a second run leaves
        every row as it is (no new row version in PostgreSQL)."""
        Partner = self.env["res.partner"]
        stale = Partner.create(self._company_vals("Prospect oublié"))
        old = date.today() - timedelta(days=4 * 365)
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = %s WHERE id = %s", [old, stale.id]
        )
        self.assertGreater(Partner._crm_pme_flag_stale_prospects(), 0)
        self.assertTrue(stale.rgpd_review_needed)
        query = "SELECT id, ctid FROM res_partner ORDER BY id"
        self.env.cr.execute(query)
        versions = self.env.cr.fetchall()
        self.assertEqual(Partner._crm_pme_flag_stale_prospects(), 0)
        self.env.cr.execute(query)
        self.assertEqual(self.env.cr.fetchall(), versions)
        # A new contact from the prospect is written, and only that one.
        stale.message_post(body="Bonjour", author_id=stale.id, message_type="comment")
        self.assertEqual(Partner._crm_pme_flag_stale_prospects(), 1)
        self.assertFalse(stale.rgpd_review_needed)


@tagged("post_install", "-at_install")
class TestDataMaintenance(CrmPmeCase):
    def test_monthly_duplicates_screen(self):
        Partner = self.env["res.partner"]
        first = Partner.create(self._company_vals("Chaudronnerie Ulmann Frères"))
        second = Partner.create(self._company_vals("Chaudronnerie Ulmann Freres SARL"))
        third = Partner.create(
            self._company_vals("Autre raison", email="devis@ulmann-chaudronnerie.fr")
        )
        fourth = Partner.create(
            self._company_vals("Encore autre", email="DEVIS@ulmann-chaudronnerie.fr")
        )
        Duplicate = self.env["crm.pme.duplicate"]
        Duplicate._cron_crm_pme_data_maintenance()
        pairs = Duplicate.search([("partner_id", "in", (first | third).ids)])
        found = {(p.partner_id, p.duplicate_id, p.reason) for p in pairs}
        self.assertIn((first, second, "name"), found)
        self.assertIn((third, fourth, "email"), found)
        # A second run lists nothing twice.
        self.assertEqual(Duplicate._crm_pme_find_duplicates(), 0)
        pair = pairs.filtered(lambda p: p.duplicate_id == second)
        action = pair.with_user(self.user).action_merge()
        self.assertEqual(action["context"]["active_ids"], (first | second).ids)
        pair.with_user(self.user).action_dismiss()
        self.assertEqual(pair.state, "dismissed")
        # The second company does not see these pairs.
        self.assertFalse(
            Duplicate.with_user(self.user_b).search([("id", "=", pair.id)])
        )

    def test_low_quality_screen_uses_threshold(self):
        Partner = self.env["res.partner"]
        poor = Partner.create(self._company_vals("Fiche Pauvre", street=False))
        action = (
            Partner.with_user(self.manager)
            .with_company(self.company_a)
            .action_crm_pme_low_quality()
        )
        self.assertIn(poor, Partner.search(action["domain"]))
        self.company_a.crm_pme_quality_threshold = 10
        action = (
            Partner.with_user(self.manager)
            .with_company(self.company_a)
            .action_crm_pme_low_quality()
        )
        self.assertNotIn(poor, Partner.search(action["domain"]))
