from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import DashboardCase


@tagged("post_install", "-at_install")
class TestDashboardAftersales(DashboardCase):
    """The after-sales section, when crm_pme_aftersales is installed beside."""

    def test_hours_invoiced_as_the_interventions_bill_them(self):
        if "crm.pme.intervention" not in self.env:
            self.skipTest("crm_pme_aftersales is not installed")
        tech = new_test_user(
            self.env,
            login="dash_tech",
            groups="crm_pme_aftersales.crm_pme_group_technician",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        labour = self.env["product.product"].create(
            {"name": "Heure tableau", "type": "service", "list_price": 50.0}
        )
        start = datetime.combine(self.today - timedelta(days=3), datetime.min.time())
        interventions = self.env["crm.pme.intervention"]
        # 1 h 10 min, 10 min and 1 h: billed 1.25 + 0.25 + 1.0 hours.
        for minutes in (70, 10, 60):
            intervention = self.env["crm.pme.intervention"].create(
                {
                    "partner_id": self.alpha.id,
                    "company_id": self.company.id,
                    "technician_id": tech.id,
                    "intervention_type": "remote",
                    "service_product_id": labour.id,
                    "session_ids": [
                        Command.create(
                            {
                                "start": start,
                                "stop": start + timedelta(minutes=minutes),
                            }
                        )
                    ],
                }
            )
            intervention.action_start()
            intervention.action_done()
            intervention.action_create_invoice()
            intervention.invoice_id.invoice_date = self.today
            intervention.invoice_id.action_post()
            interventions |= intervention
        expected = sum(interventions.mapped("invoiced_hours"))
        self.assertAlmostEqual(expected, 2.5)
        tiles = self.tiles(self.dashboard(), "aftersales")
        self.assertAlmostEqual(tiles["hours_invoiced"], expected)
