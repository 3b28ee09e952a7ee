from unittest.mock import patch

from odoo.tests import tagged

from ..models.crm_pme_duplicate import JOB_RESUME_PARAM
from ..models.res_partner_duplicate import ResPartner
from .common import CrmPmeCase


@tagged("post_install", "-at_install")
class TestDuplicateJob(CrmPmeCase):
    """The monthly duplicates job: batches, resume, progress, companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        vals = cls._company_vals
        cls.a_first = Partner.create(vals("Chaudronnerie Ulmann Frères"))
        cls.a_second = Partner.create(vals("Chaudronnerie Ulmann Freres SARL"))
        cls.a_email = Partner.create(vals("Ulmann Lyon", email="devis@ulmann.fr"))
        cls.shared = Partner.create(
            vals("Ulmann Groupe", email="devis@ulmann.fr", company_id=False)
        )
        cls.shared_twin = Partner.create(
            vals("Groupe Ulmann Holding", email="DEVIS@ulmann.fr", company_id=False)
        )
        cls.b_email = Partner.create(
            vals(
                "Chaudronnerie Nantaise",
                "44000",
                "Nantes",
                email="devis@ulmann.fr",
                company_id=cls.company_b.id,
            )
        )
        cls.b_phone = Partner.create(
            vals(
                "Tôlerie de l'Erdre",
                "44000",
                "Nantes",
                phone="02 40 12 34 56",
                company_id=cls.company_b.id,
            )
        )
        cls.a_phone = Partner.create(
            vals("Tôlerie Lyonnaise", phone="+33 2 40 12 34 56")
        )
        cls.Duplicate = cls.env["crm.pme.duplicate"]
        cls.params = cls.env["ir.config_parameter"].sudo()

    def _pairs(self):
        return {
            (pair.partner_id, pair.duplicate_id, pair.company_id, pair.reason)
            for pair in self.Duplicate.search([])
        }

    def test_batches_give_the_same_pairs_as_one(self):
        self.Duplicate.search([]).unlink()
        self.Duplicate._crm_pme_find_duplicates(batch_size=2, time_budget=None)
        in_batches = self._pairs()
        self.assertFalse(self.params.get_param(JOB_RESUME_PARAM))
        # A second run adds nothing.
        self.assertEqual(self.Duplicate._crm_pme_find_duplicates(batch_size=2), 0)
        self.Duplicate.search([]).unlink()
        self.Duplicate._crm_pme_find_duplicates(batch_size=100_000, time_budget=None)
        self.assertEqual(self._pairs(), in_batches)
        self.assertIn((self.a_first, self.a_second, self.company_a, "name"), in_batches)
        self.assertIn(
            (self.shared, self.shared_twin, self.env["res.company"], "email"),
            in_batches,
        )

    def test_every_pair_belongs_to_one_company(self):
        self.Duplicate.search([]).unlink()
        # One partner a batch: every match is found from another batch.
        self.Duplicate._crm_pme_find_duplicates(batch_size=1, time_budget=None)
        pairs = self.Duplicate.search([])
        found = {(p.partner_id, p.duplicate_id): p.company_id for p in pairs}
        self.assertEqual(found[self.a_email, self.shared], self.company_a)
        self.assertEqual(found[self.shared, self.b_email], self.company_b)
        self.assertEqual(found[self.shared, self.shared_twin].id, False)
        # Partners of two companies are never paired, whatever matches.
        self.assertNotIn((self.a_email, self.b_email), found)
        self.assertNotIn((self.b_phone, self.a_phone), found)
        for pair in pairs:
            with self.subTest(pair=pair.id):
                if pair.company_id:
                    partners = pair.partner_id | pair.duplicate_id
                    self.assertLessEqual(
                        set(partners.company_id.ids), {pair.company_id.id}
                    )
                else:
                    self.assertFalse(pair.partner_id.company_id)
                    self.assertFalse(pair.duplicate_id.company_id)

    def test_second_company_never_reads_first_company_names(self):
        self.Duplicate.search([]).unlink()
        self.Duplicate._crm_pme_find_duplicates(batch_size=1, time_budget=None)
        a_names = set((self.a_first | self.a_second | self.a_email).mapped("name"))
        # As the list view reads it (display names of the many2one columns).
        rows = self.Duplicate.with_user(self.user_b).web_search_read(
            [],
            {
                "partner_id": {"fields": {"display_name": {}}},
                "duplicate_id": {"fields": {"display_name": {}}},
                "company_id": {"fields": {"display_name": {}}},
            },
        )["records"]
        self.assertTrue(rows)
        seen = {
            row[field]["display_name"]
            for row in rows
            for field in ("partner_id", "duplicate_id")
        }
        self.assertFalse(seen & a_names)
        self.assertIn(self.b_email.name, seen)
        self.assertNotIn(
            self.company_a.name,
            {row["company_id"]["display_name"] for row in rows if row["company_id"]},
        )
        # And the first company does not read the second's.
        rows = self.Duplicate.with_user(self.user).search_read(
            [], ["partner_id", "duplicate_id"]
        )
        seen = {row[f][1] for row in rows for f in ("partner_id", "duplicate_id")}
        self.assertNotIn(self.b_email.name, seen)
        self.assertIn(self.a_email.name, seen)

    def test_resumes_where_it_stopped(self):
        self.Duplicate.search([]).unlink()
        Partner = self.env["res.partner"]
        ids = Partner.search([("parent_id", "=", False)], order="id").ids
        # A time budget already spent: one batch, then the call returns.
        self.Duplicate._crm_pme_find_duplicates(batch_size=3, time_budget=-1)
        self.assertEqual(int(self.params.get_param(JOB_RESUME_PARAM)), ids[2])
        self.assertTrue(self.Duplicate._crm_pme_job_pending())
        seen = []
        original = ResPartner._crm_pme_duplicate_matches

        def matches(model, rows):
            seen.extend(row["key"] for row in rows)
            return original(model, rows)

        with patch.object(ResPartner, "_crm_pme_duplicate_matches", matches):
            self.Duplicate._crm_pme_find_duplicates(batch_size=3, time_budget=None)
        # The rerun continued after the third partner, it did not restart.
        self.assertEqual(seen, ids[3:])
        self.assertFalse(self.Duplicate._crm_pme_job_pending())
        # The whole list gives the same pairs as a run in one go.
        resumed = self._pairs()
        self.Duplicate.search([]).unlink()
        self.Duplicate._crm_pme_find_duplicates(batch_size=100_000, time_budget=None)
        self.assertEqual(self._pairs(), resumed)

    def test_progress_notified_to_the_cron(self):
        cron = self.env.ref("crm_pme_base.ir_cron_crm_pme_data_maintenance")
        cron, progress = cron._add_progress()
        total = self.env["res.partner"].search_count([("parent_id", "=", False)])
        self.Duplicate.with_context(
            ir_cron_progress_id=progress.id
        )._crm_pme_find_duplicates(batch_size=2, time_budget=-1)
        self.assertEqual((progress.done, progress.remaining), (2, total - 2))
        # The stale prospects wait for the end of the list.
        with patch.object(
            type(self.env["res.partner"]), "_crm_pme_flag_stale_prospects"
        ) as flag:
            self.Duplicate.with_context(
                ir_cron_progress_id=progress.id
            )._cron_crm_pme_data_maintenance()
        flag.assert_called_once()
        self.assertEqual(progress.remaining, 0)
        self.assertFalse(self.Duplicate._crm_pme_job_pending())

    def test_each_company_applies_its_own_threshold(self):
        self.env.cr.execute(
            "SELECT similarity(%s, %s)",
            ["Menuiserie Dupont", "Menuiserie Dupont et Fils Associés"],
        )
        similarity = self.env.cr.fetchone()[0]
        self.assertTrue(0.3 < similarity < 0.6, similarity)
        self.company_a.crm_pme_duplicate_similarity = 0.9
        self.company_b.crm_pme_duplicate_similarity = 0.3
        Partner = self.env["res.partner"]
        created = Partner
        for company in self.company_a | self.company_b:
            for name in ("Menuiserie Dupont", "Menuiserie Dupont et Fils Associés"):
                created |= Partner.create(
                    self._company_vals(name, company_id=company.id)
                )
        self.Duplicate.search([]).unlink()
        self.Duplicate._crm_pme_find_duplicates(batch_size=1, time_budget=None)
        pairs = self.Duplicate.search(
            [("partner_id", "in", created.ids), ("duplicate_id", "in", created.ids)]
        )
        self.assertEqual(pairs.company_id, self.company_b)
        self.assertEqual(len(pairs), 1)
        # The form's suggestions follow the partner's company too.
        a_first, _a_second, b_first, b_second = created
        self.assertIn(b_second, b_first.with_user(self.user_b).duplicate_ids)
        self.assertFalse(a_first.with_user(self.user).duplicate_ids & created)
