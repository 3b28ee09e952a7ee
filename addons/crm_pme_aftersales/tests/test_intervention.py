import logging
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import SIGNATURE, AftersalesCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install", "is_query_count")
class TestIntervention(AftersalesCase):
    def test_technician_day_on_site(self):
        """The support user plans, the technician starts, adds a part, has
        the customer sign, and closes."""
        form = Form(self.env["crm.pme.intervention"].with_user(self.support))
        form.partner_id = self.customer
        form.intervention_type = "on_site"
        form.technician_id = self.tech
        form.planned_start = datetime(2026, 3, 2, 9, 0)
        form.planned_duration = 1.5
        intervention = form.save()
        self.assertRegex(intervention.name, r"^INT/\d{4}/\d{5}$")
        self.assertEqual(intervention.address_id, self.customer)
        self.assertEqual(intervention.planned_stop, datetime(2026, 3, 2, 10, 30))
        intervention.action_plan()
        self.assertEqual(intervention.state, "planned")

        mine = intervention.with_user(self.tech)
        with freeze_time("2026-03-02 09:05:00"):
            mine.action_start()
        self.assertEqual(mine.state, "in_progress")
        self.assertTrue(mine.is_running)
        with freeze_time("2026-03-02 10:05:00"):
            mine.action_stop()
        self.assertFalse(mine.is_running)
        # Back after lunch: a second session.
        with freeze_time("2026-03-02 13:00:00"):
            mine.action_start()
        with Form(mine) as edit:
            with edit.line_ids.new() as line:
                line.product_id = self.part_valve
                line.quantity = 2
            edit.work_report = "<p>Vanne remplacée, essai d'étanchéité OK.</p>"
            edit.signed_by = "Claire Dupont"
            edit.signature = SIGNATURE
        self.assertEqual(mine.line_ids.price_unit, 42.5)
        self.assertEqual(mine.parts_amount, 85.0)
        with freeze_time("2026-03-02 13:30:00"):
            mine.action_done()
        self.assertEqual(mine.state, "done")
        self.assertEqual(len(mine.session_ids), 2)
        self.assertAlmostEqual(mine.worked_hours, 1.5)
        self.assertEqual(mine.signed_on, datetime(2026, 3, 2, 13, 30))

    def test_remote_needs_no_signature(self):
        intervention = self._intervention(intervention_type="remote")
        intervention.with_user(self.tech).action_start()
        intervention.with_user(self.tech).action_done()
        self.assertEqual(intervention.state, "done")
        self.assertFalse(intervention.session_ids.filtered(lambda s: not s.stop))

    def test_on_site_without_signature_refused(self):
        intervention = self._intervention().with_user(self.tech)
        intervention.action_start()
        with self.assertRefused(UserError, "must sign"):
            intervention.action_done()
        self.assertEqual(intervention.state, "in_progress")
        self.assertTrue(intervention.is_running)
        # A name without a signature is not enough either.
        intervention.signed_by = "Claire Dupont"
        with self.assertRefused(UserError, "must sign"):
            intervention.action_done()
        self.assertEqual(intervention.state, "in_progress")

    def test_state_only_through_buttons(self):
        """A technician (or anyone) writing the state or the invoice by RPC,
        with or without a crafted context, is refused: closing without the
        customer's signature is not possible that way."""
        intervention = self._intervention()
        intervention.with_user(self.tech).action_start()
        # The first company has no accounting: any id does, the write is
        # refused before the invoice is looked at.
        invoice = self.env["account.move"].browse(1)
        crafted = {
            "crm_pme_workflow": True,
            "crm_pme_intervention_state": True,
            "tracking_disable": True,
        }
        for user in (self.tech, self.support, self.manager):
            for vals in (
                {"state": "done"},
                {"state": "invoiced", "invoice_id": invoice.id},
                {"invoice_id": invoice.id},
            ):
                for context in (None, crafted):
                    with self.subTest(user=user.login, vals=vals, context=context):
                        with self.assertRefused(UserError, "only through its buttons"):
                            self._rpc(
                                user, intervention, "write", vals, context=context
                            )
        self.assertEqual(intervention.state, "in_progress")
        self.assertFalse(intervention.invoice_id)
        # Through the button, the signature is still required.
        with self.assertRefused(UserError, "must sign"):
            self._rpc(self.tech, intervention, "action_done", context=crafted)
        self.assertEqual(intervention.state, "in_progress")

    def test_create_only_as_draft(self):
        Intervention = self.env["crm.pme.intervention"]
        vals = {
            "partner_id": self.customer.id,
            "company_id": self.company_a.id,
            "technician_id": self.tech.id,
            "intervention_type": "on_site",
        }
        count = Intervention.search_count([])
        for extra, context in (
            ({"state": "done"}, None),
            ({}, {"default_state": "done"}),
            ({}, {"default_state": "invoiced"}),
        ):
            with self.subTest(extra=extra, context=context):
                with self.assertRefused(UserError, "only through its buttons"):
                    self._rpc(
                        self.tech,
                        Intervention,
                        "create",
                        dict(vals, **extra),
                        context=context,
                    )
        self.assertEqual(Intervention.search_count([]), count)
        created = Intervention.browse(
            self._rpc(self.tech, Intervention, "create", vals)
        )
        self.assertEqual(created.state, "draft")

    def test_stop_before_start_refused(self):
        intervention = self._intervention()
        start = datetime(2026, 3, 2, 10, 0)
        with self.assertRefused(ValidationError, "stops .* before it starts"):
            intervention.with_user(self.tech).write(
                {
                    "session_ids": [
                        Command.create(
                            {"start": start, "stop": start - timedelta(minutes=5)}
                        )
                    ]
                }
            )
        self.assertFalse(intervention.session_ids)
        intervention.with_user(self.tech).action_start()
        intervention.with_user(self.tech).action_stop()
        with self.assertRefused(UserError, "no running session"):
            intervention.with_user(self.tech).action_stop()
        self.assertEqual(len(intervention.session_ids), 1)

    def test_start_twice_refused(self):
        intervention = self._intervention().with_user(self.tech)
        intervention.action_start()
        with self.assertRefused(UserError, "already running"):
            intervention.action_start()
        self.assertEqual(len(intervention.session_ids), 1)

    def test_negative_quantity_refused(self):
        intervention = self._intervention()
        for quantity in (-1.0, 0.0):
            with self.subTest(quantity=quantity):
                with self.assertRefused(ValidationError, "must be positive"):
                    intervention.with_user(self.tech).write(
                        {
                            "line_ids": [
                                Command.create(
                                    {
                                        "product_id": self.part_seal.id,
                                        "quantity": quantity,
                                    }
                                )
                            ]
                        }
                    )
                self.assertFalse(intervention.line_ids)
        with self.assertRefused(ValidationError, "cannot be negative"):
            intervention.write(
                {
                    "line_ids": [
                        Command.create(
                            {"product_id": self.part_seal.id, "price_unit": -3.0}
                        )
                    ]
                }
            )
        self.assertFalse(intervention.line_ids)

    def test_plan_needs_technician_and_date(self):
        intervention = self._intervention(technician_id=False)
        with self.assertRefused(UserError, "technician and a planned start"):
            intervention.action_plan()
        self.assertEqual(intervention.state, "draft")

    def test_cancel_and_reset(self):
        intervention = self._intervention()
        intervention.action_start()
        intervention.action_cancel()
        self.assertEqual(intervention.state, "cancelled")
        self.assertFalse(intervention.is_running)
        with self.assertRefused(UserError, "not possible"):
            intervention.action_start()
        intervention.action_draft()
        self.assertEqual(intervention.state, "draft")

    def test_access_technician_sees_own_only(self):
        own = self._intervention()
        other = self._intervention(technician_id=self.tech_2.id)
        Intervention = self.env["crm.pme.intervention"]
        seen = Intervention.with_user(self.tech).search([])
        self.assertIn(own, seen)
        self.assertNotIn(other, seen)
        with self.assertRaises(AccessError):
            other.with_user(self.tech).read(["name"])
        with self.assertRaises(AccessError):
            other.with_user(self.tech).action_start()
        self.assertFalse(other.session_ids)
        with self.assertRaises(AccessError):
            other.session_ids.with_user(self.tech).create(
                {"intervention_id": other.id, "start": datetime(2026, 3, 2, 9)}
            )
        with self.assertRaises(AccessError):
            own.with_user(self.tech).unlink()
        # A technician creates their own interventions (a call on the spot).
        created = self._intervention(user=self.tech)
        self.assertEqual(created.technician_id, self.tech)

    def test_access_support_and_manager(self):
        own = self._intervention()
        other = self._intervention(technician_id=self.tech_2.id)
        seen = self.env["crm.pme.intervention"].with_user(self.support).search([])
        self.assertGreaterEqual(seen, own | other)
        other.with_user(self.support).write({"technician_id": self.tech.id})
        with self.assertRaises(AccessError):
            other.with_user(self.support).unlink()
        other.with_user(self.manager).unlink()
        self.assertFalse(other.exists())

    def test_access_second_company(self):
        own = self._intervention()
        seen = self.env["crm.pme.intervention"].with_user(self.user_b).search([])
        self.assertNotIn(own, seen)
        seen = self.env["crm.pme.intervention"].with_user(self.tech_b).search([])
        self.assertNotIn(own, seen)
        with self.assertRaises(AccessError):
            own.with_user(self.user_b).read(["name"])
        # A technician of the second company works for its customers.
        theirs = self._intervention(
            user=self.tech_b,
            partner_id=self.customer_b.id,
            company_id=self.company_b.id,
            technician_id=self.tech_b.id,
            service_product_id=False,
        )
        self.assertEqual(theirs.company_id, self.company_b)
        self.assertNotIn(
            theirs, self.env["crm.pme.intervention"].with_user(self.tech).search([])
        )

    def test_technician_cannot_invoice(self):
        intervention = self._intervention(intervention_type="remote")
        intervention.action_start()
        intervention.action_done()
        with self.assertRefused(AccessError, "create invoices"):
            intervention.with_user(self.tech).action_create_invoice()
        self.assertFalse(intervention.invoice_id)
        self.assertEqual(intervention.state, "done")

    def test_report_renders(self):
        self.company_a.external_report_layout_id = self.env.ref(
            "web.external_layout_standard"
        )
        intervention = self._intervention()
        intervention.write(
            {
                "signature": SIGNATURE,
                "signed_by": "Claire Dupont",
                "work_report": "<p>Rapport AS</p>",
                "line_ids": [Command.create({"product_id": self.part_seal.id})],
            }
        )
        intervention.action_start()
        intervention.action_done()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "crm_pme_aftersales.crm_pme_intervention_report", intervention.ids
            )[0]
            .decode()
        )
        for text in (
            "Claire Dupont",
            "Rapport AS",
            "Joint AS torique",
            intervention.name,
        ):
            self.assertIn(text, html)
        action = intervention.with_company(self.company_a).action_print()
        self.assertEqual(
            action["report_name"], "crm_pme_aftersales.crm_pme_intervention_report"
        )

    def test_my_day_action(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_pme_aftersales.crm_pme_intervention_action_my_day"
        )
        self.assertTrue(action["view_mode"].startswith("kanban,calendar"))
        today = self._intervention(planned_start=datetime.now())
        tomorrow = self._intervention(
            planned_start=datetime.now() + timedelta(days=1, hours=1)
        )
        not_mine = self._intervention(
            technician_id=self.tech_2.id, planned_start=datetime.now()
        )
        Intervention = self.env["crm.pme.intervention"].with_user(self.tech)
        # The views load for a technician (kanban and calendar on a phone).
        for view_type in ("kanban", "calendar", "form", "search"):
            Intervention.get_views([(False, view_type)])
        found = Intervention.search([("technician_id", "=", self.tech.id)])
        self.assertIn(today, found)
        self.assertIn(tomorrow, found)
        self.assertNotIn(not_mine, found)

    def _make_interventions(self, count):
        return self.env["crm.pme.intervention"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company_a.id,
                    "technician_id": self.tech.id,
                    "planned_start": datetime(2026, 3, 2, 8) + timedelta(hours=i),
                    "line_ids": [
                        Command.create(
                            {"product_id": self.part_seal.id, "quantity": 2}
                        ),
                    ],
                    "session_ids": [
                        Command.create(
                            {
                                "start": datetime(2026, 3, 2, 8),
                                "stop": datetime(2026, 3, 2, 9),
                            }
                        )
                    ],
                }
                for i in range(count)
            ]
        )

    def test_list_query_count_flat(self):
        fields_to_read = [
            "name",
            "partner_id",
            "technician_id",
            "planned_start",
            "worked_hours",
            "parts_amount",
            "state",
            "is_running",
            "invoiced_hours",
        ]
        warmup = self._make_interventions(3)
        warmup.with_user(self.tech).read(fields_to_read)
        small = self._make_interventions(10)
        big = self._make_interventions(100)
        self.env.invalidate_all()
        count0 = self.env.cr.sql_log_count
        small.with_user(self.tech).read(fields_to_read)
        small_count = self.env.cr.sql_log_count - count0
        _logger.info("%s: %s queries for 10 records", self._testMethodName, small_count)
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            big.with_user(self.tech).read(fields_to_read)
