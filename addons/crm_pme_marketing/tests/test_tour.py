from datetime import date, datetime

from odoo.tests import HttpCase, new_test_user, tagged


class CallTourCase(HttpCase):
    """A planned campaign call with its script, for a caller."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.caller = new_test_user(
            cls.env,
            login="tour_mkt_caller",
            groups="crm_pme_base.crm_pme_group_user",
            name="Camille Tour",
        )
        cls.partner = cls.env["res.partner"].create(
            {
                "name": "Tour Mkt Menuiserie",
                "is_company": True,
                "phone": "+33 4 78 00 00 42",
            }
        )
        script = cls.env["crm.pme.call.script"].create(
            {
                "name": "Tour Mkt argumentaire",
                "step_ids": [
                    (
                        0,
                        0,
                        {
                            "step_type": "opening",
                            "name": "Accroche Tour Mkt",
                            "content": "Bonjour Tour Mkt,\nje vous appelle pour...",
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "step_type": "objection",
                            "name": "Déjà un fournisseur",
                            "answer": "Réponse Tour Mkt",
                        },
                    ),
                ],
            }
        )
        campaign = cls.env["crm.pme.campaign"].create(
            {
                "name": "Tour Mkt phoning",
                "campaign_type": "phoning",
                "script_id": script.id,
            }
        )
        cls.call = cls.env["crm.phonecall"].create(
            {
                "name": "Tour Mkt appel",
                "partner_id": cls.partner.id,
                "partner_phone": cls.partner.phone,
                "user_id": cls.caller.id,
                "date": datetime(2030, 12, 2, 9, 0),
                "crm_pme_campaign_id": campaign.id,
            }
        )


@tagged("post_install", "-at_install")
class TestCallTour(CallTourCase):
    """A caller works through a planned call with its script and sets a
    call-back, in the browser."""

    def test_caller_sets_call_back(self):
        self.start_tour(
            f"/odoo/crm.phonecall/{self.call.id}",
            "crm_pme_marketing_call_tour",
            login="tour_mkt_caller",
        )
        self.assertEqual(self.call.state, "done")
        self.assertEqual(self.call.crm_pme_outcome, "call_back")
        callback = self.env["crm.phonecall"].search(
            [("partner_id", "=", self.partner.id), ("state", "=", "open")]
        )
        # 15:00 in the browser's time zone, on 3 December 2030.
        self.assertEqual(callback.date.date(), date(2030, 12, 3))
        self.assertEqual(callback.date.minute, 0)
        self.assertEqual(callback.user_id, self.caller)
        activity = self.partner.activity_ids
        self.assertEqual(activity.user_id, self.caller)
        self.assertIn("Rappeler après", self.call.description)


@tagged("post_install", "-at_install")
class TestCallTourPhone(CallTourCase):
    """The same call on a phone (390 px): the script reads as text and the
    caller ends the call with the big button of the sheet."""

    browser_size = "390x844"
    touch_enabled = True

    def test_caller_ends_call_on_phone(self):
        self.start_tour(
            f"/odoo/crm.phonecall/{self.call.id}",
            "crm_pme_marketing_call_phone_tour",
            login="tour_mkt_caller",
        )
        self.assertEqual(self.call.state, "done")
        self.assertEqual(self.call.crm_pme_outcome, "not_interested")
        self.assertIn("Bonjour Tour Mkt", self.call.crm_pme_script_html)
