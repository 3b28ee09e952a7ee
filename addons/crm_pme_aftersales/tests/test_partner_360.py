import logging
from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common import AftersalesCase

_logger = logging.getLogger(__name__)

FIELDS_360 = [
    "crm_pme_intervention_count",
    "crm_pme_open_ticket_count",
    "crm_pme_invoiced_12m",
    "crm_pme_outstanding_amount",
    "crm_pme_overdue_360",
    "crm_pme_360_order_count",
    "crm_pme_360_ordered_12m",
    "crm_pme_360_last_order_date",
    "crm_pme_360_last_call_date",
    "crm_pme_360_done_message_ids",
    "crm_pme_360_planned_activity_ids",
    "consent_email_state",
]


@tagged("post_install", "-at_install", "is_query_count")
class TestPartner360(AftersalesCase):
    def _make_companies(self, count):
        partners = self.env["res.partner"].create(
            [self._company_vals(f"Client 360 AS {count}-{i}") for i in range(count)]
        )
        self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Panne 360 AS {i}",
                    "description": "<p>AS</p>",
                    "partner_id": partner.id,
                    "company_id": self.company_a.id,
                }
                for i, partner in enumerate(partners)
            ]
        )
        self.env["crm.pme.intervention"].create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": self.company_a.id,
                    "technician_id": self.tech.id,
                    "planned_start": datetime(2026, 3, 2, 9),
                }
                for partner in partners
            ]
        )
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": self.company_a.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.part_valve.id, "product_uom_qty": 2}
                        )
                    ],
                }
                for partner in partners
            ]
        )
        orders.action_confirm()
        call = self.env.ref("mail.mail_activity_data_call")
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("res.partner")
        activities = self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id,
                    "summary": f"{activity_type.name} AS",
                    "user_id": self.manager.id,
                }
                for partner in partners
                for activity_type in (call, todo)
            ]
        )
        activities.filtered(lambda a: a.activity_type_id == call).action_feedback(
            "Client rappelé"
        )
        return partners

    def test_counts_and_actions(self):
        partner = self._make_companies(1)
        contact = self.env["res.partner"].create(
            {"name": "Contact 360 AS", "parent_id": partner.id}
        )
        for record in (partner, contact):
            with self.subTest(record=record.name):
                self.assertEqual(record.crm_pme_open_ticket_count, 1)
                self.assertEqual(record.crm_pme_intervention_count, 1)
        action = partner.action_crm_pme_view_open_tickets()
        self.assertEqual(self.env["helpdesk.ticket"].search_count(action["domain"]), 1)
        action = partner.action_crm_pme_view_interventions()
        self.assertEqual(
            self.env["crm.pme.intervention"].search_count(action["domain"]), 1
        )
        # The form with the customer file loads for a CRM PME user.
        self.env["res.partner"].with_user(self.support).get_views([(False, "form")])

    def test_customer_file(self):
        """A salesperson opens the company: orders of the year, calls and
        activities over the company, its contacts and documents, consents."""
        customer = self.env["res.partner"].create(
            self._company_vals("Fonderie 360 AS", "69003", "Lyon")
        )
        contact = self.env["res.partner"].create(
            {"name": "Anne Acheteuse AS", "parent_id": customer.id}
        )
        SaleOrder = self.env["sale.order"]
        line = {"product_id": self.part_valve.id, "product_uom_qty": 4}
        recent, old, quote = SaleOrder.create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": self.company_a.id,
                    "order_line": [Command.create(line)],
                }
                for partner in (contact, customer, customer)
            ]
        )
        (recent | old).action_confirm()
        old.date_order = fields.Datetime.now() - timedelta(days=400)
        self.assertEqual(quote.state, "draft")
        # A call done with the buyer, a meeting planned on the quotation.
        call = contact.activity_schedule(
            "mail.mail_activity_data_call",
            summary="Point sur la commande AS",
            user_id=self.manager.id,
        )
        call.action_feedback("Commande confirmée par téléphone")
        meeting = quote.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=fields.Date.today() + timedelta(days=3),
            summary="Relancer le devis AS",
            user_id=self.manager.id,
        )
        self.env["crm.pme.consent"].create(
            {
                "partner_id": customer.id,
                "company_id": customer.company_id.id,
                "channel": "email",
                "state": "granted",
            }
        )
        salesperson = new_test_user(
            self.env,
            login="as_360_sales",
            groups="crm_pme_base.crm_pme_group_user,sales_team.group_sale_salesman_all_leads",
            company_id=self.company_a.id,
            company_ids=[self.company_a.id],
        )
        for partner in (customer, contact):
            with self.subTest(partner=partner.name):
                file = partner.with_user(salesperson)
                self.assertEqual(file.crm_pme_360_order_count, 1)
                self.assertAlmostEqual(
                    file.crm_pme_360_ordered_12m, recent.amount_untaxed
                )
                self.assertEqual(file.crm_pme_360_last_order_date, recent.date_order)
                self.assertTrue(file.crm_pme_360_last_call_date)
                self.assertEqual(
                    file.crm_pme_360_done_message_ids.mail_activity_type_id,
                    self.env.ref("mail.mail_activity_data_call"),
                )
                self.assertIn(
                    "Commande confirmée",
                    file.crm_pme_360_done_message_ids.preview,
                )
                self.assertEqual(file.crm_pme_360_planned_activity_ids, meeting)
        self.assertEqual(customer.consent_email_state, "granted")
        # The buttons open Odoo's own lists of the customer's orders and invoices.
        action = customer.with_user(salesperson).action_view_sale_order()
        self.assertEqual(SaleOrder.search(action["domain"]), recent | old | quote)
        self.env["res.partner"].with_user(salesperson).get_views([(False, "form")])

    def test_customer_file_access(self):
        """Without sales rights the file shows no orders nor their activities,
        and raises nothing; nor does it show another company's."""
        partner = self._make_companies(1)
        order = self.env["sale.order"].search([("partner_id", "=", partner.id)])
        order.activity_schedule("mail.mail_activity_data_todo", summary="Livraison AS")
        everything = partner.crm_pme_360_planned_activity_ids
        self.assertEqual(len(everything), 2)
        file = partner.with_user(self.support)
        self.assertEqual(file.crm_pme_360_order_count, 0)
        self.assertEqual(file.crm_pme_360_ordered_12m, 0)
        self.assertEqual(
            file.crm_pme_360_planned_activity_ids.mapped("res_model"),
            ["res.partner"],
        )
        self.assertEqual(len(file.crm_pme_360_done_message_ids), 1)
        file.read(FIELDS_360)
        # A company rule: the orders of company A are not counted in B.
        shared = self.env["res.partner"].create(
            {"name": "Client partagé AS", "is_company": True}
        )
        self.env["sale.order"].create(
            {
                "partner_id": shared.id,
                "company_id": self.company_a.id,
                "order_line": [Command.create({"product_id": self.part_seal.id})],
            }
        ).action_confirm()
        in_b = shared.with_company(self.company_b)
        self.assertEqual(in_b.crm_pme_360_order_count, 0)
        self.assertEqual(shared.with_company(self.company_a).crm_pme_360_order_count, 1)

    def test_query_count_flat(self):
        self._make_companies(3).read(FIELDS_360)
        small = self._make_companies(10)
        big = self._make_companies(100)
        self.env.invalidate_all()
        count0 = self.env.cr.sql_log_count
        small.read(FIELDS_360)
        small_count = self.env.cr.sql_log_count - count0
        _logger.info("%s: %s queries for 10 records", self._testMethodName, small_count)
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            big.read(FIELDS_360)
        self.assertEqual(set(big.mapped("crm_pme_open_ticket_count")), {1})
