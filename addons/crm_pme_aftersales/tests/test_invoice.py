from datetime import datetime

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import SIGNATURE


@tagged("post_install", "-at_install")
class TestInterventionInvoice(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.env.user.groups_id |= cls.env.ref("crm_pme_base.crm_pme_group_manager")
        cls.tech = new_test_user(
            cls.env,
            login="as_invoice_tech",
            groups="crm_pme_aftersales.crm_pme_group_technician",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.billing = new_test_user(
            cls.env,
            login="as_invoice_billing",
            groups="crm_pme_base.crm_pme_group_user,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.support = new_test_user(
            cls.env,
            login="as_invoice_support",
            groups="crm_pme_base.crm_pme_group_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.crm_manager = new_test_user(
            cls.env,
            login="as_invoice_manager",
            groups="crm_pme_base.crm_pme_group_manager,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Menuiserie Facturée AS", "is_company": True}
        )
        Product = cls.env["product.product"]
        cls.labour = Product.create(
            {"name": "Heure AS", "type": "service", "list_price": 60.0, "taxes_id": []}
        )
        cls.part = Product.create(
            {"name": "Charnière AS", "type": "consu", "list_price": 7.5, "taxes_id": []}
        )
        cls.intervention = cls.env["crm.pme.intervention"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "technician_id": cls.tech.id,
                "intervention_type": "remote",
                "service_product_id": cls.labour.id,
                "line_ids": [
                    Command.create({"product_id": cls.part.id, "quantity": 4}),
                ],
                "session_ids": [
                    # 1 h 10 min, billed 1 h 15 min
                    Command.create(
                        {
                            "start": datetime(2026, 3, 2, 9, 0),
                            "stop": datetime(2026, 3, 2, 10, 10),
                        }
                    ),
                ],
            }
        )
        cls.intervention.action_start()
        cls.intervention.action_done()

    def test_invoice_once_with_right_amounts(self):
        intervention = self.intervention.with_user(self.billing)
        action = intervention.action_create_invoice()
        invoice = intervention.invoice_id
        self.assertEqual(action["res_id"], invoice.id)
        self.assertEqual(intervention.state, "invoiced")
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertEqual(invoice.invoice_origin, intervention.name)
        self.assertEqual(invoice.state, "draft")
        lines = {line.product_id: line for line in invoice.invoice_line_ids}
        self.assertAlmostEqual(lines[self.labour].quantity, 1.25)
        self.assertAlmostEqual(lines[self.labour].price_unit, 60.0)
        self.assertAlmostEqual(lines[self.part].quantity, 4)
        self.assertAlmostEqual(lines[self.part].price_unit, 7.5)
        self.assertAlmostEqual(invoice.amount_untaxed, 75.0 + 30.0)
        # A second invoice is refused, and nothing is written.
        moves = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, "already invoiced"):
            intervention.action_create_invoice()
        self.assertEqual(self.env["account.move"].search_count([]), moves)
        self.assertEqual(intervention.invoice_id, invoice)

    def test_invoice_refused_without_billing_rights(self):
        for user in (self.tech, self.support):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(AccessError, "create invoices"):
                    self.intervention.with_user(user).action_create_invoice()
                self.assertFalse(self.intervention.invoice_id)
                self.assertEqual(self.intervention.state, "done")

    def test_not_done_or_not_billable_refused(self):
        draft = self.intervention.copy()
        with self.assertRaisesRegex(UserError, "not possible"):
            draft.with_user(self.billing).action_create_invoice()
        self.assertFalse(draft.invoice_id)
        free = self.intervention.copy({"billable": False})
        with self.assertRaisesRegex(UserError, "not billable"):
            free.with_user(self.billing).action_create_invoice()
        self.assertFalse(free.invoice_id)

    def test_on_site_flow_start_sign_close_invoice(self):
        """The normal flow, each step by the one who does it."""
        intervention = self.intervention.copy(
            {"intervention_type": "on_site", "session_ids": []}
        ).with_user(self.tech)
        intervention.action_start()
        with Form(intervention) as edit:
            edit.signed_by = "Claire Dupont"
            edit.signature = SIGNATURE
        intervention.action_stop()
        intervention.action_done()
        self.assertEqual(intervention.state, "done")
        self.assertTrue(intervention.signed_on)
        intervention.with_user(self.billing).action_create_invoice()
        self.assertEqual(intervention.state, "invoiced")
        self.assertEqual(intervention.invoice_id.partner_id, self.customer)

    def _invoiced(self):
        self.intervention.with_user(self.billing).action_create_invoice()
        self.assertEqual(self.intervention.state, "invoiced")
        return self.intervention

    def test_invoiced_is_locked(self):
        """Once invoiced, nobody changes the intervention, its sessions or
        its parts, whatever the way (form, RPC on the sessions or parts)."""
        intervention = self._invoiced()
        session, line = intervention.session_ids[0], intervention.line_ids
        stop = session.stop
        session_count = len(intervention.session_ids)
        attempts = [
            (intervention, "write", ({"work_report": "<p>Rapport modifié</p>"},)),
            (
                intervention,
                "write",
                ({"line_ids": [Command.create({"product_id": self.part.id})]},),
            ),
            (session, "write", ({"stop": datetime(2026, 3, 2, 18, 0)},)),
            (line, "write", ({"quantity": 40},)),
            (line, "unlink", ()),
            (
                line.browse(),
                "create",
                ({"intervention_id": intervention.id, "product_id": self.part.id},),
            ),
            (
                session.browse(),
                "create",
                (
                    {
                        "intervention_id": intervention.id,
                        "start": datetime(2026, 3, 3, 9, 0),
                    },
                ),
            ),
        ]
        for user in (self.tech, self.billing, self.crm_manager):
            for records, method, args in attempts:
                with self.subTest(user=user.login, model=records._name, method=method):
                    with self.assertRaisesRegex(UserError, "is invoiced"):
                        getattr(records.with_user(user), method)(*args)
        # Sessions of the manager (who may delete them) are locked too, and
        # moving a session of another intervention into it as well.
        with self.assertRaisesRegex(UserError, "is invoiced"):
            session.with_user(self.crm_manager).unlink()
        draft = self.intervention.copy()
        with self.assertRaisesRegex(UserError, "is invoiced"):
            draft.line_ids.with_user(self.crm_manager).write(
                {"intervention_id": intervention.id}
            )
        intervention.invalidate_recordset()
        self.assertEqual(session.stop, stop)
        self.assertEqual(line.quantity, 4)
        self.assertEqual(len(intervention.line_ids), 1)
        self.assertEqual(len(intervention.session_ids), session_count)
        self.assertFalse(intervention.work_report)
        # The chatter stays open.
        intervention.with_user(self.tech).message_post(body="Client rappelé.")

    def test_reopen_after_cancelling_the_invoice(self):
        """The correction path: cancel the invoice, then a CRM PME manager
        reopens the intervention, corrects it and invoices it again."""
        intervention = self._invoiced()
        invoice = intervention.invoice_id
        for user in (self.tech, self.billing):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(AccessError, "CRM PME manager"):
                    intervention.with_user(user).action_reopen()
        with self.assertRaisesRegex(UserError, "cancel that invoice first"):
            intervention.with_user(self.crm_manager).action_reopen()
        self.assertEqual(intervention.state, "invoiced")
        invoice.with_user(self.billing).button_cancel()
        intervention.with_user(self.crm_manager).action_reopen()
        self.assertEqual(intervention.state, "done")
        self.assertFalse(intervention.invoice_id)
        intervention.line_ids.with_user(self.crm_manager).quantity = 2
        intervention.with_user(self.billing).action_create_invoice()
        self.assertNotEqual(intervention.invoice_id, invoice)
        self.assertAlmostEqual(intervention.invoice_id.amount_untaxed, 75.0 + 15.0)

    def _posted(self, partner, invoice_date, amount, due=None, move_type="out_invoice"):
        move = self.init_invoice(
            move_type,
            partner=partner,
            invoice_date=invoice_date,
            amounts=[amount],
            taxes=[],
        )
        move.invoice_date_due = due or invoice_date
        move.action_post()
        return move

    def test_customer_file_figures(self):
        today = fields.Date.context_today(self.customer)
        contact = self.env["res.partner"].create(
            {"name": "Acheteuse AS", "parent_id": self.customer.id}
        )
        old = self._posted(self.customer, today - relativedelta(months=2), 1000.0)
        self.assertEqual(old.payment_state, "not_paid")
        self._posted(contact, today, 300.0, due=today + relativedelta(days=30))
        self._posted(self.customer, today - relativedelta(months=14), 5000.0)
        self._posted(self.customer, today, 100.0, move_type="out_refund")
        self.init_invoice(
            "out_invoice",
            partner=self.customer,
            invoice_date=today,
            amounts=[777.0],
            taxes=[],
        )  # draft: not counted
        for partner in (self.customer, contact):
            with self.subTest(partner=partner.name):
                partner.invalidate_recordset()
                self.assertAlmostEqual(partner.crm_pme_invoiced_12m, 1000 + 300 - 100)
                self.assertAlmostEqual(
                    partner.crm_pme_outstanding_amount, 1000 + 300 + 5000
                )
                self.assertAlmostEqual(partner.crm_pme_overdue_360, 1000 + 5000)
        # Without the right to read invoices, the figures stay empty.
        self.assertEqual(
            self.customer.with_user(self.tech).crm_pme_outstanding_amount, 0.0
        )


@tagged("post_install", "-at_install")
class TestCustomerFileCurrencies(AccountTestInvoicingCommon):
    """The customer file of a partner shared by two companies, one in euros
    with orders and invoices in US dollars: every figure is the current
    company's, in its currency, converted at the document's date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur = cls.env.ref("base.EUR")
        cls.usd = cls.env.ref("base.USD")
        (cls.eur | cls.usd).active = True
        cls.other = cls.company_data["company"]
        cls.lyon = cls.setup_other_company(name="PME Lyon AS", currency_id=cls.eur.id)[
            "company"
        ]
        today = fields.Date.context_today(cls.other)
        cls.doc_date = today - relativedelta(months=3)
        # 1 EUR = 1.25 USD three months ago, 2 USD from ten days ago.
        cls.env["res.currency.rate"].create(
            [
                {
                    "currency_id": currency.id,
                    "company_id": cls.lyon.id,
                    "name": day,
                    "rate": rate,
                }
                for currency, day, rate in (
                    (cls.eur, today - relativedelta(years=1), 1.0),
                    (cls.usd, today - relativedelta(months=4), 1.25),
                    (cls.usd, today - relativedelta(days=10), 2.0),
                )
            ]
        )
        cls.user = new_test_user(
            cls.env,
            login="as_file_currencies",
            groups="crm_pme_base.crm_pme_group_user,"
            "sales_team.group_sale_salesman_all_leads,account.group_account_invoice",
            company_id=cls.lyon.id,
            company_ids=[cls.lyon.id, cls.other.id],
        )
        cls.shared = cls.env["res.partner"].create(
            {"name": "Client partagé devises AS", "is_company": True}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Pompe AS", "type": "consu", "list_price": 10.0, "taxes_id": []}
        )
        cls.usd_pricelist = cls.env["product.pricelist"].create(
            {"name": "Dollars AS", "currency_id": cls.usd.id, "company_id": cls.lyon.id}
        )
        cls._order(cls.lyon, 125.0, pricelist=cls.usd_pricelist)  # 100 EUR
        cls._order(cls.lyon, 50.0)  # 50 EUR
        cls._order(cls.other, 1000.0)
        cls._invoice(cls.lyon, 250.0, currency=cls.usd)  # 200 EUR
        cls._invoice(cls.lyon, 30.0)  # 30 EUR
        cls._invoice(cls.other, 4000.0)

    @classmethod
    def _order(cls, company, price, pricelist=None):
        order = (
            cls.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": cls.shared.id,
                    "company_id": company.id,
                    "pricelist_id": pricelist.id if pricelist else False,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "price_unit": price,
                                "tax_id": [],
                            }
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        order.date_order = datetime.combine(cls.doc_date, datetime.min.time())
        return order

    @classmethod
    def _invoice(cls, company, amount, currency=None):
        invoice = cls.init_invoice(
            "out_invoice",
            partner=cls.shared,
            invoice_date=cls.doc_date,
            amounts=[amount],
            taxes=[],
            company=company,
            currency=currency,
        )
        invoice.invoice_date_due = cls.doc_date
        invoice.action_post()
        return invoice

    def _file(self, *companies):
        return self.shared.with_user(self.user).with_context(
            allowed_company_ids=[company.id for company in companies]
        )

    def test_figures_of_the_current_company_in_its_currency(self):
        usd_order = self.env["sale.order"].search(
            [
                ("partner_id", "=", self.shared.id),
                ("company_id", "=", self.lyon.id),
                ("currency_id", "=", self.usd.id),
            ]
        )
        self.assertAlmostEqual(usd_order.currency_rate, 1.25)
        lyon = self._file(self.lyon, self.other)
        self.assertEqual(lyon.crm_pme_currency_360_id, self.eur)
        self.assertEqual(lyon.crm_pme_360_order_count, 2)
        self.assertAlmostEqual(lyon.crm_pme_360_ordered_12m, 100.0 + 50.0)
        self.assertAlmostEqual(lyon.crm_pme_invoiced_12m, 200.0 + 30.0)
        self.assertAlmostEqual(lyon.crm_pme_outstanding_amount, 200.0 + 30.0)
        self.assertAlmostEqual(lyon.crm_pme_overdue_360, 200.0 + 30.0)
        # The other company selected first: its own figures, in its currency.
        other = self._file(self.other, self.lyon)
        self.assertEqual(other.crm_pme_currency_360_id, self.other.currency_id)
        self.assertEqual(other.crm_pme_360_order_count, 1)
        self.assertAlmostEqual(other.crm_pme_360_ordered_12m, 1000.0)
        self.assertAlmostEqual(other.crm_pme_invoiced_12m, 4000.0)
        self.assertAlmostEqual(other.crm_pme_outstanding_amount, 4000.0)
        # Only the company selected: the same figures.
        self.assertAlmostEqual(self._file(self.lyon).crm_pme_invoiced_12m, 230.0)
