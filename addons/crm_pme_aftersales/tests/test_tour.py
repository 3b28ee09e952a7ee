from datetime import datetime

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTechnicianTour(HttpCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_technician_day_on_a_phone(self):
        tech = new_test_user(
            self.env,
            login="as_tour_tech",
            password="as_tour_tech_pw",
            groups="crm_pme_aftersales.crm_pme_group_technician",
            name="Théo Tournée",
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour AS Boulangerie", "is_company": True, "city": "Lyon"}
        )
        self.env["product.product"].create(
            {"name": "Pétrin tour AS", "type": "consu", "list_price": 120.0}
        )
        intervention = self.env["crm.pme.intervention"].create(
            {
                "partner_id": customer.id,
                "technician_id": tech.id,
                "planned_start": datetime.now(),
                "state": "planned",
            }
        )
        action = self.env.ref("crm_pme_aftersales.crm_pme_intervention_action_my_day")
        self.start_tour(
            f"/odoo/action-{action.id}",
            "crm_pme_aftersales_technician_tour",
            login="as_tour_tech",
        )
        self.assertEqual(intervention.state, "in_progress")
        self.assertEqual(len(intervention.session_ids), 1)
        self.assertTrue(intervention.session_ids.stop)
        self.assertEqual(intervention.line_ids.product_id.name, "Pétrin tour AS")
        self.assertEqual(intervention.signed_by, "Claire Tour")
        self.assertTrue(intervention.signature)
