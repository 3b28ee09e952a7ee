import importlib.util
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.modules.module import get_module_path
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

TODAY = date(2026, 6, 30)


def _load_pre_migration():
    path = f"{get_module_path('crm_pme_base')}/migrations/18.0.1.3.0/pre-migrate.py"
    spec = importlib.util.spec_from_file_location("crm_pme_base_pre_1_3", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install", "is_query_count")
class TestLifecycleCompany(AccountTestInvoicingCommon):
    """Company A (USD) and company B (EUR). A shared partner invoiced in A
    only is a customer of A and a prospect of B; a partner of B is computed
    for B only; each company has its own sector rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("crm_pme_base.crm_pme_group_manager")
        cls.company_a = cls.company_data["company"]
        cls.eur = cls.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        cls.company_b = cls.setup_other_company(
            name="Cycle PME Nantes", currency_id=cls.eur.id
        )["company"]
        cls.env.user.company_ids |= cls.company_b
        Partner = cls.env["res.partner"]
        # The partners of this test are those created from here on: the
        # demo's invoices move the others.
        cls.partner_floor = (
            Partner.with_context(active_test=False)
            .search([], order="id desc", limit=1)
            .id
        )
        cls.shared = Partner.create({"name": "Cycle Partagé", "is_company": True})
        cls.partner_b = Partner.create(
            {
                "name": "Cycle Client B",
                "is_company": True,
                "company_id": cls.company_b.id,
            }
        )
        cls.init_invoice(
            "out_invoice",
            partner=cls.shared,
            invoice_date=TODAY - relativedelta(months=2),
            amounts=[1000.0],
            post=True,
            company=cls.company_a,
        )
        cls.init_invoice(
            "out_invoice",
            partner=cls.partner_b,
            invoice_date=TODAY - relativedelta(months=14),
            amounts=[500.0],
            post=True,
            company=cls.company_b,
        )
        cls.user_a = new_test_user(
            cls.env,
            login="cycle_user_a",
            groups="crm_pme_base.crm_pme_group_user",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
        )

    def _test_partner_ids(self):
        return (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search([("id", ">", self.partner_floor)])
            .ids
        )

    def _recompute(self, today=TODAY, partner_ids=None):
        return self.env["res.partner"]._crm_pme_recompute_lifecycle(
            today=today, partner_ids=partner_ids or self._test_partner_ids()
        )

    def _raw(self, partner, column):
        self.env.flush_all()
        self.env.cr.execute(
            f"SELECT {column} FROM res_partner WHERE id = %s",  # noqa: S608
            [partner.id],
        )
        return self.env.cr.fetchone()[0]

    def test_shared_partner_per_company(self):
        self.assertEqual(self._recompute(), 2)
        shared_a = self.shared.with_company(self.company_a)
        shared_b = self.shared.with_company(self.company_b)
        self.assertEqual(shared_a.lifecycle_state, "active")
        self.assertEqual(shared_a.customer_since, TODAY - relativedelta(months=2))
        self.assertEqual(shared_b.lifecycle_state, "prospect")
        self.assertFalse(shared_b.last_invoice_date)
        self.assertFalse(shared_b.customer_since)
        # Nothing is stored for the company where it is a prospect.
        self.assertEqual(
            self._raw(self.shared, "lifecycle_state"),
            {str(self.company_a.id): "active"},
        )
        # Search and group by read the company's values.
        Partner = self.env["res.partner"]
        self.assertIn(
            self.shared,
            Partner.with_company(self.company_b).search(
                [("lifecycle_state", "=", "prospect")]
            ),
        )
        self.assertNotIn(
            self.shared,
            Partner.with_company(self.company_a).search(
                [("lifecycle_state", "=", "prospect")]
            ),
        )
        # Each transition is dated in the history of its company.
        events = self.shared.lifecycle_event_ids
        self.assertEqual(
            [(e.company_id, e.new_state) for e in events],
            [(self.company_a, "active")],
        )
        # A shared partner's chatter, read by every company, says nothing.
        self.assertFalse(
            self.shared.message_ids.filtered(lambda m: "Lifecycle" in (m.body or ""))
        )

    def test_partner_of_one_company(self):
        self._recompute()
        self.assertEqual(
            self.partner_b.with_company(self.company_b).lifecycle_state, "at_risk"
        )
        self.assertEqual(
            self._raw(self.partner_b, "lifecycle_state"),
            {str(self.company_b.id): "at_risk"},
        )
        event = self.partner_b.lifecycle_event_ids
        self.assertEqual(event.company_id, self.company_b)
        self.assertIn("At risk", self.partner_b.message_ids[0].body)

    def test_second_run_writes_nothing(self):
        self._recompute()
        self.env.flush_all()
        written = {
            p.id: p.write_date
            for p in (self.shared | self.partner_b).with_context(prefetch_fields=False)
        }
        partner_ids = self._test_partner_ids()
        with self.assertQueryCount(1):
            self.assertEqual(self._recompute(partner_ids=partner_ids), 0)
        self.env.invalidate_all()
        for partner in self.shared | self.partner_b:
            self.assertEqual(partner.write_date, written[partner.id])
        self.assertEqual(len(self.shared.lifecycle_event_ids), 1)

    def test_user_of_a_reads_only_a(self):
        self._recompute()
        shared = self.shared.with_user(self.user_a)
        self.assertEqual(shared.lifecycle_state, "active")
        # Asking for company B's values, by context or RPC, is refused.
        with self.assertRaises(AccessError):
            shared.with_context(allowed_company_ids=[self.company_b.id]).read(
                ["lifecycle_state"]
            )
        with self.assertRaises(AccessError):
            shared.with_context(allowed_company_ids=[self.company_b.id]).write(
                {"sector_id": False}
            )
        events = self.env["crm.pme.lifecycle.event"].with_user(self.user_a).search([])
        self.assertFalse(events.filtered(lambda e: e.company_id == self.company_b))

    def test_sector_per_company(self):
        Sector = self.env["crm.pme.sector"]
        france = self.env.ref("base.fr")
        sector_a = Sector.create(
            {"name": "France A", "code": "FRA", "company_id": self.company_a.id}
        )
        sector_b = Sector.with_company(self.company_b).create(
            {"name": "France B", "code": "FRB", "company_id": self.company_b.id}
        )
        Rule = self.env["crm.pme.sector.rule"]
        Rule.create(
            {"sector_id": sector_a.id, "rule_type": "country", "country_id": france.id}
        )
        Rule.create(
            {"sector_id": sector_b.id, "rule_type": "country", "country_id": france.id}
        )
        shared = self.env["res.partner"].create(
            {"name": "Secteur partagé", "is_company": True, "country_id": france.id}
        )
        self.assertEqual(shared.with_company(self.company_a).sector_id, sector_a)
        self.assertEqual(shared.with_company(self.company_b).sector_id, sector_b)
        self.assertEqual(shared._crm_pme_get_sector(self.company_b), sector_b)
        own_b = self.env["res.partner"].create(
            {
                "name": "Secteur B",
                "is_company": True,
                "country_id": france.id,
                "company_id": self.company_b.id,
            }
        )
        self.assertEqual(
            self._raw(own_b, "sector_id"), {str(self.company_b.id): sector_b.id}
        )
        # A user editing the shared partner in A changes A's sector only.
        shared.with_company(self.company_a).sector_id = False
        self.assertFalse(shared.with_company(self.company_a).sector_id)
        self.assertEqual(shared.with_company(self.company_b).sector_id, sector_b)

    def test_pre_migration(self):
        """Old plain columns become jsonb keyed by the partner's company;
        a second run does nothing."""
        migration = _load_pre_migration()
        self._recompute()
        self.env.flush_all()
        cr = self.env.cr
        key_b = str(self.company_b.id)
        cr.execute(
            """
            ALTER TABLE res_partner
                ALTER COLUMN lifecycle_state TYPE varchar
                USING COALESCE(lifecycle_state ->> %s, lifecycle_state ->> %s,
                               'prospect'),
                ALTER COLUMN last_invoice_date TYPE date
                USING (COALESCE(last_invoice_date ->> %s,
                                last_invoice_date ->> %s))::date
            """,
            [key_b, str(self.company_a.id), key_b, str(self.company_a.id)],
        )
        self.assertEqual(
            migration.convert_columns(cr), ["lifecycle_state", "last_invoice_date"]
        )
        self.assertEqual(
            self._raw(self.partner_b, "lifecycle_state"), {key_b: "at_risk"}
        )
        self.assertEqual(
            self._raw(self.partner_b, "last_invoice_date"),
            {key_b: str(TODAY - relativedelta(months=14))},
        )
        main = self.env["res.company"].search([], order="sequence, id", limit=1)
        self.assertEqual(
            self._raw(self.shared, "lifecycle_state"), {str(main.id): "active"}
        )
        self.assertEqual(migration.convert_columns(cr), [])
        self.env.invalidate_all()
        self.assertEqual(
            self.partner_b.with_company(self.company_b).lifecycle_state, "at_risk"
        )
