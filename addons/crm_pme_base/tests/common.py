from contextlib import contextmanager

from odoo.tests import TransactionCase, new_test_user

# SIRETs with valid checksums (Luhn over 14 digits, SIREN Luhn too).
SIRET_A = "73282932000074"
SIRET_B = "55208131766522"
SIREN_LA_POSTE = "356000000"


class CrmPmeCase(TransactionCase):
    """Two companies of our own (so that demo data never interferes), a
    plain user and a manager in the first, a user in the second, and the
    geography of a few sectors."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.fr = cls.env.ref("base.fr")
        cls.company_a = cls.env["res.company"].create(
            {"name": "PME Test Lyon", "country_id": cls.fr.id}
        )
        cls.company_b = cls.env["res.company"].create(
            {"name": "PME Test Nantes", "country_id": cls.fr.id}
        )
        # Work in the first company, as its users do: sectors and lifecycles
        # are per company and read in the current one. (Not by context:
        # with_user() keeps the context, and the other users are not in it.)
        cls.env.user.write(
            {"company_ids": [(4, cls.company_a.id)], "company_id": cls.company_a.id}
        )
        cls.user = new_test_user(
            cls.env,
            login="crm_pme_user",
            groups="crm_pme_base.crm_pme_group_user",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
            name="Ulysse Utilisateur",
        )
        cls.manager = new_test_user(
            cls.env,
            login="crm_pme_manager",
            groups="crm_pme_base.crm_pme_group_manager",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
            name="Marie Responsable",
        )
        cls.user_b = new_test_user(
            cls.env,
            login="crm_pme_user_b",
            groups="crm_pme_base.crm_pme_group_manager",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
            name="Bruno Nantes",
        )
        cls.rep_lyon = new_test_user(
            cls.env,
            login="rep_lyon",
            groups="crm_pme_base.crm_pme_group_user",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
            name="Léa Lyon",
        )
        cls.rep_region = new_test_user(
            cls.env,
            login="rep_region",
            groups="crm_pme_base.crm_pme_group_user",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
            name="Rémi Région",
        )
        ref = cls.env.ref
        cls.ara = ref("l10n_fr_state.res_country_state_auvergne")
        cls.idf = ref("l10n_fr_state.res_country_state_iledefrance")
        cls.rhone = ref("l10n_fr_department.res_country_department_rhone")
        cls.isere = ref("l10n_fr_department.res_country_department_isere")
        cls.paris = ref("l10n_fr_department.res_country_department_paris")
        Sector = cls.env["crm.pme.sector"]
        cls.sector_region = Sector.create(
            {
                "name": "Rhône-Alpes",
                "code": "RA",
                "company_id": cls.company_a.id,
                "user_id": cls.rep_region.id,
                "rule_ids": [(0, 0, {"rule_type": "region", "region_id": cls.ara.id})],
            }
        )
        cls.sector_rhone = Sector.create(
            {
                "name": "Rhône",
                "code": "69",
                "company_id": cls.company_a.id,
                "user_id": cls.rep_lyon.id,
                "rule_ids": [
                    (0, 0, {"rule_type": "department", "department_id": cls.rhone.id})
                ],
            }
        )
        cls.sector_lyon = Sector.create(
            {
                "name": "Lyon centre",
                "code": "LYC",
                "company_id": cls.company_a.id,
                "user_id": cls.rep_lyon.id,
                "rule_ids": [(0, 0, {"rule_type": "postcode", "zip_prefix": "6900"})],
            }
        )
        cls.sector_france = Sector.create(
            {
                "name": "France",
                "code": "FR",
                "company_id": cls.company_a.id,
                "rule_ids": [(0, 0, {"rule_type": "country", "country_id": cls.fr.id})],
            }
        )
        cls.sector_b = Sector.create(
            {
                "name": "Nantes",
                "code": "NA",
                "company_id": cls.company_b.id,
                "rule_ids": [(0, 0, {"rule_type": "country", "country_id": cls.fr.id})],
            }
        )

    @contextmanager
    def assertRefused(self, exception, pattern):
        """assertRaises (which rolls back to a savepoint, so that the test can
        check nothing was written) and the message matches ``pattern``."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), pattern)

    @classmethod
    def _company_vals(cls, name, zip_code="69003", city="Lyon", **extra):
        vals = {
            "name": name,
            "is_company": True,
            "company_id": cls.company_a.id,
            "country_id": cls.fr.id,
            "street": "12 rue de la République",
            "zip": zip_code,
            "city": city,
        }
        vals.update(extra)
        return vals
