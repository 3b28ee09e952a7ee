from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import CrmPmeCase


@tagged("post_install", "-at_install", "is_query_count")
class TestSector(CrmPmeCase):
    def test_most_specific_rule_wins_on_create(self):
        Partner = self.env["res.partner"].with_user(self.user)
        lyon = Partner.create(self._company_vals("Lyon Presqu'île", "69002"))
        villeurbanne = Partner.create(
            self._company_vals("Villeurbanne", "69100", "Villeurbanne")
        )
        grenoble = Partner.create(self._company_vals("Grenoble", "38000", "Grenoble"))
        paris = Partner.create(self._company_vals("Paris", "75008", "Paris"))
        abroad = Partner.create(
            self._company_vals(
                "Genève", "1201", "Genève", country_id=self.env.ref("base.ch").id
            )
        )
        self.assertEqual(lyon.sector_id, self.sector_lyon)
        self.assertEqual(villeurbanne.sector_id, self.sector_rhone)
        self.assertEqual(grenoble.sector_id, self.sector_region)
        self.assertEqual(paris.sector_id, self.sector_france)
        self.assertFalse(abroad.sector_id)
        # The sector's salesperson fills an empty salesperson.
        self.assertEqual(lyon.user_id, self.rep_lyon)
        self.assertEqual(grenoble.user_id, self.rep_region)
        self.assertFalse(paris.user_id)

    def test_address_change_reassigns(self):
        partner_form = Form(self.env["res.partner"].with_user(self.user))
        partner_form.company_type = "company"
        partner_form.name = "Transports Savoyards"
        partner_form.country_id = self.fr
        partner_form.zip = "75011"
        partner_form.city = "Paris"
        partner = partner_form.save()
        self.assertEqual(partner.sector_id, self.sector_france)
        with Form(partner) as moving:
            moving.zip = "38100"
            moving.city = "Grenoble"
        self.assertEqual(partner.sector_id, self.sector_region)
        self.assertEqual(partner.user_id, self.rep_region)

    def test_salesperson_kept_unless_setting(self):
        Partner = self.env["res.partner"]
        kept = Partner.create(
            self._company_vals("Déjà suivi", "69002", user_id=self.manager.id)
        )
        self.assertEqual(kept.sector_id, self.sector_lyon)
        self.assertEqual(kept.user_id, self.manager)
        self.company_a.crm_pme_sector_overwrite_salesperson = True
        forced = Partner.create(
            self._company_vals("Forcé", "69002", user_id=self.manager.id)
        )
        self.assertEqual(forced.user_id, self.rep_lyon)

    def test_manual_sector_fills_salesperson(self):
        partner = self.env["res.partner"].create(
            self._company_vals("Manuel", "75001", "Paris")
        )
        partner.with_user(self.user).sector_id = self.sector_rhone
        self.assertEqual(partner.user_id, self.rep_lyon)

    def test_clashing_rules_refused(self):
        Sector = self.env["crm.pme.sector"].with_user(self.manager)
        count = Sector.search_count([])
        with self.assertRefused(ValidationError, "Rhône.*Métropole|Métropole.*Rhône"):
            Sector.create(
                {
                    "name": "Métropole",
                    "company_id": self.company_a.id,
                    "rule_ids": [
                        (
                            0,
                            0,
                            {"rule_type": "department", "department_id": self.rhone.id},
                        )
                    ],
                }
            )
        self.assertEqual(Sector.search_count([]), count)
        with self.assertRaises(ValidationError):
            self.sector_region.with_user(self.manager).write(
                {"rule_ids": [(0, 0, {"rule_type": "postcode", "zip_prefix": "6900"})]}
            )
        # Another company may use the same rule.
        self.env["crm.pme.sector"].with_user(self.user_b).create(
            {
                "name": "Rhône (Nantes)",
                "company_id": self.company_b.id,
                "rule_ids": [
                    (0, 0, {"rule_type": "department", "department_id": self.rhone.id})
                ],
            }
        )

    def test_rule_without_target_refused(self):
        with self.assertRefused(ValidationError, "fill it in"):
            self.sector_france.write({"rule_ids": [(0, 0, {"rule_type": "region"})]})
        with self.assertRefused(ValidationError, "not valid"):
            self.sector_france.write(
                {"rule_ids": [(0, 0, {"rule_type": "postcode", "zip_prefix": "69*"})]}
            )

    def test_access(self):
        # A user sees sectors but cannot change them.
        sectors = self.env["crm.pme.sector"].with_user(self.user).search([])
        self.assertIn(self.sector_lyon, sectors)
        with self.assertRaises(AccessError):
            self.sector_lyon.with_user(self.user).write({"name": "Changé"})
        with self.assertRaises(AccessError):
            self.env["crm.pme.sector"].with_user(self.user).create({"name": "Nouveau"})
        with self.assertRaises(AccessError):
            self.sector_lyon.rule_ids.with_user(self.user).write({"zip_prefix": "69"})
        # A manager can.
        self.sector_lyon.with_user(self.manager).write({"name": "Lyon Presqu'île"})
        # A user of the second company sees none of the first's sectors.
        other = self.env["crm.pme.sector"].with_user(self.user_b).search([])
        self.assertEqual(other, self.sector_b)
        with self.assertRaises(AccessError):
            self.sector_lyon.with_user(self.user_b).read(["name"])

    def test_reassign_action(self):
        partner = self.env["res.partner"].create(
            self._company_vals("À réaffecter", "69002")
        )
        partner.sector_id = self.sector_france
        with self.assertRaises(AccessError):
            partner.with_user(self.user).action_crm_pme_reassign_sectors()
        self.assertEqual(partner.sector_id, self.sector_france)
        partner.with_user(self.manager).action_crm_pme_reassign_sectors()
        self.assertEqual(partner.sector_id, self.sector_lyon)
        partner.sector_id = self.sector_france
        self.sector_lyon.with_user(self.manager).action_reassign()
        self.assertEqual(partner.sector_id, self.sector_lyon)
        self.assertIn(partner, self.sector_lyon.partner_ids)
        self.assertEqual(
            self.sector_lyon.partner_count,
            self.env["res.partner"].search_count(
                [("sector_id", "=", self.sector_lyon.id)]
            ),
        )

    def test_bulk_sql_matches_orm_rule(self):
        """The bulk reassignment fills the salesperson in SQL; the same data
        through the ORM (crm.pme.sector._crm_pme_assignment) gives the same
        salesperson and the same team: two sectors of the first company
        (which replaces salespeople), one of the second (which keeps them),
        a partner of the second company and a shared one."""
        rep_b = new_test_user(
            self.env,
            login="rep_nantes",
            groups="crm_pme_base.crm_pme_group_user",
            company_id=self.company_b.id,
            company_ids=[self.company_b.id],
            name="Nadia Nantes",
        )
        team_a = self.env["crm.team"].create(
            {"name": "Équipe Lyon (test secteurs)", "company_id": self.company_a.id}
        )
        team_b = self.env["crm.team"].create(
            {
                "name": "Équipe Nantes (test secteurs)",
                "company_id": self.company_b.id,
                "member_ids": [Command.set(rep_b.ids)],
            }
        )
        self.sector_lyon.team_id = team_a
        self.sector_b.write({"user_id": self.user_b.id, "team_id": team_b.id})
        self.company_a.crm_pme_sector_overwrite_salesperson = True
        self.company_b.crm_pme_sector_overwrite_salesperson = False
        b = self.company_b.id
        # (zip, company, salesperson before) -> salesperson and team expected
        cases = [
            ("69002", self.company_a.id, False, self.rep_lyon, team_a),
            ("38000", self.company_a.id, self.manager.id, self.rep_region, False),
            ("69002", b, False, self.user_b, team_b),
            ("69002", b, rep_b.id, rep_b, team_b),
            ("69100", False, False, self.rep_lyon, False),
        ]
        Partner = self.env["res.partner"]
        twins = []
        for index, (zip_code, company_id, user_id, _user, _team) in enumerate(cases):
            vals = self._company_vals(
                f"Jumeau {index}", zip_code, "Ville", company_id=company_id
            )
            pair = Partner.create([vals, vals])
            # Back to the state before any sector, without the hooks.
            for company in self.company_a | self.company_b:
                pair.with_company(company).with_context(
                    crm_pme_sector_assign=True
                ).write({"sector_id": False, "user_id": user_id})
            twins.append(pair)
        by_sql = Partner.concat(*(pair[0] for pair in twins))
        by_orm = Partner.concat(*(pair[1] for pair in twins))
        by_sql._crm_pme_assign_sectors()
        for sql_partner, orm_partner in zip(by_sql, by_orm, strict=True):
            company = sql_partner.company_id or self.company_a
            orm_partner.with_company(company).with_context(
                crm_pme_sector_assign=True
            ).sector_id = sql_partner.with_company(company).sector_id
        by_orm._crm_pme_apply_sector_salesperson()
        for case, sql_partner, orm_partner in zip(cases, by_sql, by_orm, strict=True):
            with self.subTest(case=case):
                company = sql_partner.company_id or self.company_a
                sql_sector = sql_partner.with_company(company).sector_id
                orm_sector = orm_partner.with_company(company).sector_id
                self.assertTrue(sql_sector)
                self.assertEqual(sql_partner.user_id, orm_partner.user_id)
                self.assertEqual(sql_partner.user_id, case[3])
                self.assertEqual(sql_sector.team_id, orm_sector.team_id)
                self.assertEqual(sql_sector.team_id, case[4] or self.env["crm.team"])
                # The rule a lead or an order of the partner's company applies.
                user, team = orm_sector._crm_pme_assignment(
                    company, orm_partner.user_id, self.env["crm.team"]
                )
                self.assertEqual(
                    (user, team), (case[3], case[4] or self.env["crm.team"])
                )

    def _make_companies(self, count):
        zips = ["69002", "69100", "38000", "75008", "13001"]
        vals = [
            self._company_vals(f"Société {count}-{i}", zips[i % len(zips)], "Ville")
            for i in range(count)
        ]
        partners = self.env["res.partner"].create(vals)
        partners.write({"sector_id": False, "user_id": False})
        return partners

    def test_reassign_query_count_flat(self):
        warmup = self._make_companies(5)
        warmup._crm_pme_assign_sectors()
        small = self._make_companies(10)
        big = self._make_companies(1000)
        self.env.invalidate_all()
        count0 = self.env.cr.sql_log_count
        small._crm_pme_assign_sectors()
        self.env.flush_all()
        small_count = self.env.cr.sql_log_count - count0
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            big._crm_pme_assign_sectors()
        self.assertEqual(
            set(big.mapped("sector_id").ids),
            {
                self.sector_lyon.id,
                self.sector_rhone.id,
                self.sector_region.id,
                self.sector_france.id,
            },
        )
