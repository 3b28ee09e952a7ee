import logging
from datetime import datetime

from odoo.tests import tagged

from .common import AftersalesCase

_logger = logging.getLogger(__name__)

FIELDS_360 = [
    "crm_pme_intervention_count",
    "crm_pme_open_ticket_count",
    "crm_pme_invoiced_12m",
    "crm_pme_outstanding_amount",
    "crm_pme_overdue_360",
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
