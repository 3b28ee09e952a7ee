from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from ..tools.lifecycle import lifecycle_state

TODAY = date(2026, 6, 30)


@tagged("post_install", "-at_install", "is_query_count")
class TestLifecycle(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.env.user.groups_id |= cls.env.ref("crm_pme_base.crm_pme_group_user")
        cls.user = new_test_user(
            cls.env,
            login="lifecycle_user",
            groups="crm_pme_base.crm_pme_group_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        Partner = cls.env["res.partner"].with_context(default_company_id=cls.company.id)
        cls.never = Partner.create({"name": "Jamais facturé", "is_company": True})
        cls.recent = Partner.create({"name": "Client récent", "is_company": True})
        cls.risk = Partner.create({"name": "Client à risque", "is_company": True})
        cls.lost = Partner.create({"name": "Client perdu", "is_company": True})
        cls.refund_only = Partner.create({"name": "Avoir seul", "is_company": True})
        cls.draft_only = Partner.create({"name": "Brouillon seul", "is_company": True})
        cls.contact = Partner.create({"name": "Contact", "parent_id": cls.recent.id})
        cls._invoice(cls.recent, TODAY - relativedelta(months=2))
        cls._invoice(cls.recent, TODAY - relativedelta(months=30))
        # The contact's invoice counts for its company.
        cls.buyer = Partner.create({"name": "Acheteur", "parent_id": cls.risk.id})
        cls._invoice(cls.buyer, TODAY - relativedelta(months=14))
        cls._invoice(cls.lost, TODAY - relativedelta(months=20))
        cls._invoice(cls.refund_only, TODAY - relativedelta(months=1), "out_refund")
        cls._invoice(cls.draft_only, TODAY - relativedelta(months=1), post=False)

    @classmethod
    def _invoice(cls, partner, invoice_date, move_type="out_invoice", post=True):
        return cls.init_invoice(
            move_type,
            partner=partner,
            invoice_date=invoice_date,
            amounts=[1000.0],
            post=post,
        )

    def _partners(self):
        return (
            self.never | self.recent | self.risk | self.lost | self.refund_only
        ) | self.draft_only

    def _recompute(self, today=TODAY):
        # Only the test company's partners: the demo's invoices move others.
        Partner = self.env["res.partner"]
        partners = Partner.with_context(active_test=False).search(
            [("company_id", "=", self.company.id)]
        )
        return Partner._crm_pme_recompute_lifecycle(
            today=today, partner_ids=partners.ids
        )

    def test_states_from_invoices(self):
        transitions = self._recompute()
        self.assertEqual(self.never.lifecycle_state, "prospect")
        self.assertEqual(self.recent.lifecycle_state, "active")
        self.assertEqual(self.risk.lifecycle_state, "at_risk")
        self.assertEqual(self.lost.lifecycle_state, "lost")
        self.assertEqual(self.refund_only.lifecycle_state, "prospect")
        self.assertEqual(self.draft_only.lifecycle_state, "prospect")
        self.assertEqual(transitions, 3)
        self.assertEqual(self.recent.customer_since, TODAY - relativedelta(months=30))
        self.assertEqual(self.recent.last_invoice_date, TODAY - relativedelta(months=2))
        self.assertEqual(self.recent.lifecycle_date, TODAY)
        event = self.recent.lifecycle_event_ids
        self.assertEqual(
            (event.old_state, event.new_state, event.date),
            ("prospect", "active", TODAY),
        )
        self.assertIn("Active customer", self.recent.message_ids[0].body)
        # Running again changes nothing.
        self.assertEqual(self._recompute(), 0)
        self.assertEqual(len(self.recent.lifecycle_event_ids), 1)

    def test_time_passes(self):
        self._recompute()
        later = TODAY + relativedelta(months=11)
        self._recompute(later)
        self.assertEqual(self.recent.lifecycle_state, "at_risk")
        self.assertEqual(self.risk.lifecycle_state, "lost")
        self.assertEqual(
            self.recent.lifecycle_event_ids.sorted("id").mapped("new_state"),
            ["active", "at_risk"],
        )
        # "Customers lost last year" is a count over dated transitions.
        lost_events = self.env["crm.pme.lifecycle.event"].search_count(
            [
                ("new_state", "=", "lost"),
                ("partner_id", "in", self._partners().ids),
                ("date", ">=", date(later.year, 1, 1)),
                ("date", "<=", date(later.year, 12, 31)),
            ]
        )
        self.assertEqual(lost_events, 1)
        # A new invoice brings the customer back.
        self._invoice(self.risk, later)
        self._recompute(later)
        self.assertEqual(self.risk.lifecycle_state, "active")

    def test_sql_matches_reference_rule(self):
        partners = self.env["res.partner"]
        offsets = [0, 1, 11, 12, 13, 17, 18, 19, 40]
        for months in offsets:
            partner = self.env["res.partner"].create(
                {
                    "name": f"Décalage {months}",
                    "is_company": True,
                    "company_id": self.company.id,
                }
            )
            self._invoice(partner, TODAY - relativedelta(months=months))
            partners |= partner
        self._recompute()
        for months, partner in zip(offsets, partners, strict=True):
            with self.subTest(months=months):
                expected = lifecycle_state(
                    TODAY - relativedelta(months=months), TODAY, 12, 18
                )
                self.assertEqual(partner.lifecycle_state, expected)

    def test_company_windows(self):
        self.company.write({"crm_pme_active_months": 1, "crm_pme_lost_months": 3})
        self._recompute()
        self.assertEqual(self.recent.lifecycle_state, "at_risk")
        self.assertEqual(self.risk.lifecycle_state, "lost")

    def test_access(self):
        self._recompute()
        events = self.env["crm.pme.lifecycle.event"].with_user(self.user).search([])
        self.assertIn(self.recent.lifecycle_event_ids, events)
        with self.assertRaises(AccessError):
            events[:1].write({"new_state": "lost"})
        with self.assertRaises(AccessError):
            self.env["crm.pme.lifecycle.event"].with_user(self.user).create(
                {"partner_id": self.never.id, "date": TODAY, "new_state": "lost"}
            )

    def test_recompute_query_count_flat(self):
        Partner = self.env["res.partner"]
        self._recompute()

        def make(count):
            partners = Partner.create(
                [
                    {
                        "name": f"Ancien client {count}-{i}",
                        "is_company": True,
                        "company_id": self.company.id,
                    }
                    for i in range(count)
                ]
            )
            # Pretend they were customers: the recompute turns them back to prospects.
            self.env.cr.execute(
                "UPDATE res_partner SET lifecycle_state = jsonb_build_object(%s, "
                "'active') WHERE id IN %s",
                [str(self.company.id), tuple(partners.ids)],
            )
            return partners

        small = make(10)
        self.env.invalidate_all()
        count0 = self.env.cr.sql_log_count
        self._recompute()
        self.env.flush_all()
        small_count = self.env.cr.sql_log_count - count0
        self.assertEqual(set(small.mapped("lifecycle_state")), {"prospect"})
        big = make(100)
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            self._recompute()
        self.assertEqual(set(big.mapped("lifecycle_state")), {"prospect"})
