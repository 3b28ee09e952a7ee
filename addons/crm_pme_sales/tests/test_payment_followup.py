from contextlib import contextmanager
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class PaymentFollowupCase(AccountTestInvoicingCommon):
    """Les Vergers Tardifs owe, on the day of the test: invoice A 1000 due
    60 days ago, 200 paid (800 left); invoice B 500 due 10 days ago; invoice
    C 300 not due yet; invoice D 700 due 30 days ago, paid. Overdue: 800 +
    500 = 1300 since A's due date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        common = {"company_id": cls.company.id, "company_ids": [cls.company.id]}
        cls.salesman = new_test_user(
            cls.env,
            login="followup_salesman",
            groups="crm_pme_base.crm_pme_group_user",
            name="Sacha Vendeur",
            **common,
        )
        cls.sales_manager = new_test_user(
            cls.env,
            login="followup_manager",
            groups="crm_pme_base.crm_pme_group_manager",
            name="Hélène Directrice",
            **common,
        )
        Partner = cls.env["res.partner"]
        cls.late = Partner.create({"name": "Les Vergers Tardifs", "is_company": True})
        cls.buyer = Partner.create({"name": "Paul Acheteur", "parent_id": cls.late.id})
        cls.clean = Partner.create({"name": "Paie Rubis", "is_company": True})
        cls.invoice_a = cls._invoice(cls.late, 60, 1000.0)
        cls._pay(cls.invoice_a, 200.0)
        cls._invoice(cls.buyer, 10, 500.0)
        cls._invoice(cls.late, -20, 300.0)
        cls._pay(cls._invoice(cls.late, 30, 700.0), 700.0)
        cls._invoice(cls.late, 90, 400.0, post=False)
        cls._invoice(cls.clean, -5, 900.0)

    @classmethod
    def _invoice(cls, partner, days_ago, amount, post=True):
        """An invoice due ``days_ago`` days ago (issued that day)."""
        day = cls.today - timedelta(days=days_ago)
        invoice = cls.init_invoice(
            "out_invoice", partner=partner, invoice_date=day, amounts=[amount], taxes=[]
        )
        invoice.write({"invoice_payment_term_id": False, "invoice_date_due": day})
        if post:
            invoice.action_post()
        return invoice

    @classmethod
    def _pay(cls, invoice, amount):
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount})._create_payments()

    def _quotation(self, user, partner=None):
        order_form = Form(self.env["sale.order"].with_user(user))
        order_form.partner_id = partner or self.buyer
        with order_form.order_line.new() as line:
            line.product_id = self.product_a
            line.price_unit = 100.0
        return order_form

    def _override(self, order, reason, user=None):
        """The sales manager's 'Confirm despite overdue' wizard, as the
        button opens it."""
        action = order.with_user(user or self.sales_manager)
        action = action.action_crm_pme_confirm_overdue()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(user or self.sales_manager)
            .with_context(**action["context"])
        )
        wizard_form.reason = reason
        return wizard_form.save().action_confirm()

    def _block(self):
        self.company.write(
            {"crm_pme_overdue_block": True, "crm_pme_overdue_threshold": 1000.0}
        )

    @contextmanager
    def assertRefused(self, exception, pattern):
        """As CrmPmeCase.assertRefused: rolled back to a savepoint, and the
        message matches ``pattern``."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), pattern)


@tagged("post_install", "-at_install", "is_query_count")
class TestPaymentFollowup(PaymentFollowupCase):
    def test_overdue_on_company_and_contacts(self):
        partners = (self.late | self.buyer | self.clean).with_user(self.salesman)
        self.assertEqual(partners.mapped("crm_pme_overdue_amount"), [1300.0] * 2 + [0])
        self.assertEqual(self.late.crm_pme_overdue_invoice_id, self.invoice_a)
        self.assertEqual(
            self.buyer.crm_pme_overdue_date, self.today - timedelta(days=60)
        )
        self.assertFalse(self.clean.crm_pme_overdue_invoice_id)

    def test_overdue_query_count_flat(self):
        Partner = self.env["res.partner"]
        small = (
            self.late
            | self.clean
            | Partner.create(
                [{"name": f"Client calme {i}", "is_company": True} for i in range(8)]
            )
        )
        big = (
            self.late
            | self.clean
            | Partner.create(
                [
                    {"name": f"Client tranquille {i}", "is_company": True}
                    for i in range(98)
                ]
            )
        )
        self.env.invalidate_all()
        count0 = self.env.cr.sql_log_count
        small.mapped("crm_pme_overdue_amount")
        small_count = self.env.cr.sql_log_count - count0
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            big.mapped("crm_pme_overdue_amount")

    def test_warning_on_quotation(self):
        order_form = self._quotation(self.salesman)
        self.assertEqual(order_form.crm_pme_overdue_amount, 1300.0)
        self.assertEqual(
            order_form.crm_pme_overdue_date, self.today - timedelta(days=60)
        )
        self.assertFalse(order_form.crm_pme_overdue_blocked)
        order = order_form.save()
        # Without the blocking setting, the warning does not stop anyone.
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        clean = self._quotation(self.salesman, self.clean)
        self.assertEqual(clean.crm_pme_overdue_amount, 0.0)

    def test_block_and_manager_override(self):
        self._block()
        order = self._quotation(self.salesman).save()
        self.assertTrue(order.crm_pme_overdue_blocked)
        with self.assertRefused(UserError, "overdue invoices.*sales manager"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        with self.assertRaises(AccessError):
            order.action_crm_pme_confirm_overdue()
        self.assertEqual(order.state, "draft")
        # The manager's plain confirmation is refused too: overriding is a
        # deliberate act, logged on the order with a reason.
        manager_order = order.with_user(self.sales_manager)
        with self.assertRaises(UserError):
            manager_order.action_confirm()
        before = fields.Datetime.now().replace(microsecond=0)
        self._override(order, "  Paiement promis pour le 15, appel du gérant.  ")
        self.assertEqual(order.state, "sale")
        self.assertRecordValues(
            order,
            [
                {
                    "crm_pme_overdue_override_user_id": self.sales_manager.id,
                    "crm_pme_overdue_override_reason": "Paiement promis pour le "
                    "15, appel du gérant.",
                }
            ],
        )
        self.assertGreaterEqual(order.crm_pme_overdue_override_date, before)
        log = order.message_ids.filtered(lambda m: "despite" in (m.body or ""))
        self.assertEqual(log.author_id, self.sales_manager.partner_id)
        self.assertIn("Paiement promis pour le 15", log.body)
        # Under the threshold, the salesperson confirms as usual.
        self.company.crm_pme_overdue_threshold = 1300.0
        other = self._quotation(self.salesman).save()
        self.assertFalse(other.crm_pme_overdue_blocked)
        other.action_confirm()
        self.assertEqual(other.state, "sale")
        self.assertFalse(other.crm_pme_overdue_override_date)

    def test_crafted_context_does_not_override(self):
        """The old hole: confirm with crm_pme_overdue_override=True, as an RPC
        call can. Refused for a salesperson, and for a manager too when no
        override was logged."""
        self._block()
        order = self._quotation(self.salesman).save()
        for user in (self.salesman, self.sales_manager):
            crafted = order.with_user(user).with_context(crm_pme_overdue_override=True)
            with self.subTest(user=user.login):
                with self.assertRefused(UserError, "overdue invoices"):
                    crafted.action_confirm()
                self.assertEqual(order.state, "draft")
        self.assertFalse(order.crm_pme_overdue_override_date)

    def test_salesperson_cannot_forge_the_log(self):
        """Neither the override fields nor the wizard are open to a
        salesperson, whatever the context."""
        self._block()
        order = self._quotation(self.salesman).save()
        forged = {
            "crm_pme_overdue_override_user_id": self.sales_manager.id,
            "crm_pme_overdue_override_date": fields.Datetime.now(),
            "crm_pme_overdue_override_reason": "Accord du directeur",
        }
        with self.assertRefused(AccessError, "sales manager"):
            order.with_user(self.salesman).write(forged)
        with self.assertRaises(AccessError):
            order.with_user(self.sales_manager).write(forged)
        with self.assertRaises(AccessError):
            self._override(order, "Accord du directeur", user=self.salesman)
        with self.assertRaises(AccessError):
            self.env["crm.pme.overdue.override"].with_user(self.salesman).create(
                {"order_ids": order.ids, "reason": "Accord du directeur"}
            )
        with self.assertRefused(UserError, "overdue invoices"):
            order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.crm_pme_overdue_override_date)

    def test_override_needs_a_reason(self):
        self._block()
        order = self._quotation(self.salesman).save()
        messages = order.message_ids
        with self.assertRefused(UserError, "reason"):
            self._override(order, "   ")
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.crm_pme_overdue_override_user_id)
        self.assertEqual(order.message_ids, messages)

    def test_override_is_for_one_confirmation(self):
        """Cancelled and set back to quotation, the order needs a new
        override; the chatter keeps the first one."""
        self._block()
        order = self._quotation(self.salesman).save()
        self._override(order, "Garantie bancaire reçue")
        manager_order = order.with_user(self.sales_manager)
        manager_order._action_cancel()
        manager_order.action_draft()
        self.assertFalse(order.crm_pme_overdue_override_date)
        with self.assertRaises(UserError):
            manager_order.action_confirm()
        self.assertTrue(
            order.message_ids.filtered(lambda m: "Garantie bancaire" in (m.body or ""))
        )

    def test_negative_threshold_refused(self):
        with self.assertRefused(ValidationError, "threshold cannot be negative"):
            self.company.crm_pme_overdue_threshold = -1.0
        self.assertEqual(self.company.crm_pme_overdue_threshold, 0.0)

    def test_revenue_objective_from_invoices(self):
        """Q2 2026 for the invoicing user: invoice 1000 (10/04), credit note
        200 (10/05), invoice 500 in Q3: revenue from invoices 800."""
        customer = self.env["res.partner"].create(
            {"name": "Client objectifs factures", "is_company": True}
        )
        for move_type, day, amount in [
            ("out_invoice", date(2026, 4, 10), 1000.0),
            ("out_refund", date(2026, 5, 10), 200.0),
            ("out_invoice", date(2026, 7, 1), 500.0),
        ]:
            move = self.init_invoice(
                move_type, customer, day, amounts=[amount], taxes=[], post=True
            )
            move.invoice_user_id = self.salesman
        objective = (
            self.env["crm.pme.objective"]
            .with_user(self.sales_manager)
            .create(
                {
                    "owner_type": "user",
                    "user_id": self.salesman.id,
                    "period_type": "quarter",
                    "date_from": date(2026, 4, 1),
                    "measure": "revenue",
                    "target": 1600.0,
                    "company_id": self.company.id,
                }
            )
        )
        self.assertEqual(objective.actual, 0.0)
        self.company.crm_pme_objective_revenue_source = "invoice"
        objective.invalidate_recordset()
        self.assertEqual((objective.actual, objective.attainment), (800.0, 50.0))


@tagged("post_install", "-at_install")
class TestOverrideUi(PaymentFollowupCase, HttpCase):
    """The manager's override, clicked through the web client."""

    def test_manager_confirms_despite_overdue_tour(self):
        self._block()
        order = self._quotation(self.salesman).save()
        self.start_tour(
            f"/odoo/sales/{order.id}",
            "crm_pme_sales_confirm_despite_overdue",
            login=self.sales_manager.login,
        )
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.crm_pme_overdue_override_user_id, self.sales_manager)
        self.assertEqual(
            order.crm_pme_overdue_override_reason,
            "Paiement promis le 15 par le gérant",
        )
