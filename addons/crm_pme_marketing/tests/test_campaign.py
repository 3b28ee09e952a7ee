from ast import literal_eval
from datetime import date, datetime

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from ..tools import phoning
from .common import MarketingCase

START = date(2030, 12, 3)  # a Tuesday


@tagged("post_install", "-at_install")
class TestCampaign(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.no_phone = Partner.create(cls._company_vals("Camp Mkt Sans Tél"))
        cls.wrong_phone = Partner.create(
            cls._company_vals(
                "Camp Mkt Faux Numéro",
                phone="+33 4 78 00 00 05",
                crm_pme_phone_wrong=True,
                email="faux@camp-mkt.example.com",
            )
        )
        cls.refused = Partner.create(
            cls._company_vals(
                "Camp Mkt Refus",
                phone="+33 4 78 00 00 06",
                email="refus@camp-mkt.example.com",
            )
        )
        Consent = cls.env["crm.pme.consent"]
        for channel in ("phone", "email"):
            Consent.create(
                {
                    "partner_id": cls.refused.id,
                    "company_id": cls.company_a.id,
                    "channel": channel,
                    "state": "refused",
                }
            )
        cls.segment = cls.env["crm.pme.segment"].create(
            {
                "name": "Camp Mkt Tous",
                "company_id": cls.company_a.id,
                "target": "all",
                "domain": repr(
                    ["|", ("name", "ilike", "Mkt"), ("name", "ilike", "Camp Mkt")]
                ),
            }
        )
        cls.members = (
            cls.pro
            | cls.pro_contact
            | cls.consumer
            | cls.consumer_no_consent
            | cls.no_phone
            | cls.wrong_phone
            | cls.refused
        )

    def _campaign(self, campaign_type, **values):
        form = Form(self.env["crm.pme.campaign"].with_user(self.manager))
        form.name = f"Camp Mkt {campaign_type}"
        form.campaign_type = campaign_type
        form.segment_id = self.segment
        form.date_start = START
        form.budget = 1500
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def _generate_calls(self, campaign, user=None):
        """The campaign's button, then the wizard's, as the manager does."""
        campaign = campaign.with_user(user or self.manager)
        action = campaign.action_open_call_list()
        self.assertEqual(action["res_model"], "crm.pme.call.list")
        Wizard = self.env["crm.pme.call.list"].with_user(user or self.manager)
        wizard = Form(Wizard.with_context(**action["context"])).save()
        return wizard.action_generate()

    def test_segment_members(self):
        self.assertEqual(self.segment._get_members(), self.members)
        self.assertEqual(self.segment.member_count, 7)

    def test_emailing_creates_mailing_honouring_consent(self):
        self.consumer.email = "jeanne@particulier-mkt.example.com"
        self.consumer_no_consent.email = "jules@particulier-mkt.example.com"
        self.env["crm.pme.consent"].create(
            {
                "partner_id": self.consumer.id,
                "company_id": self.company_a.id,
                "channel": "email",
                "state": "granted",
            }
        )
        campaign = self._campaign("emailing")
        self.assertEqual(campaign.utm_campaign_id.name, "Camp Mkt emailing")
        self.assertEqual(campaign.audience_count, 7)
        action = campaign.action_create_mailing()
        mailing = self.env["mailing.mailing"].browse(action["res_id"])
        self.assertEqual(mailing.campaign_id, campaign.utm_campaign_id)
        self.assertEqual(mailing.mailing_model_real, "res.partner")
        self.assertEqual(campaign.mailing_count, 1)
        recipients = self.env["res.partner"].search(
            literal_eval(mailing.mailing_domain)
        )
        # Out: email refused in the ledger (hence blacklisted), no email, a
        # consumer without email consent. In: a consumer who gave it.
        self.assertEqual(
            recipients,
            self.pro | self.pro_contact | self.wrong_phone | self.consumer,
        )
        # A blacklisted address is left out even without a ledger entry.
        self.env["mail.blacklist"]._add("paul@menuiserie-mkt.example.com")
        recipients = self.env["res.partner"].search(
            literal_eval(mailing.mailing_domain)
        )
        self.assertEqual(recipients, self.pro | self.wrong_phone | self.consumer)

    def test_phoning_generates_shared_call_list(self):
        campaign = self._campaign("phoning")
        campaign.caller_ids = self.user | self.rep_lyon
        self._generate_calls(campaign)
        calls = campaign.phonecall_ids
        # Left out: no phone, wrong number, phone refusal, consumer
        # without consent.
        self.assertEqual(calls.partner_id, self.pro | self.pro_contact | self.consumer)
        self.assertEqual(campaign.call_skipped_count, 4)
        self.assertEqual(sorted(calls.mapped("user_id.login")).count("rep_lyon"), 1)
        self.assertEqual(set(calls.user_id.ids), {self.user.id, self.rep_lyon.id})
        self.assertEqual(set(calls.mapped("campaign_id")), {campaign.utm_campaign_id})
        consumer_call = calls.filtered(lambda c: c.partner_id == self.consumer)
        self.assertEqual(phoning.calendar_violations(consumer_call.date, "69"), [])
        self.assertEqual(campaign.phonecall_count, 3)
        # Generating again adds nobody twice.
        self._generate_calls(campaign)
        self.assertEqual(len(campaign.phonecall_ids), 3)

    def test_call_list_wizard_shows_then_generates(self):
        """The wizard shows how many calls it will plan and who is left out
        and why, lets the manager choose the callers, and plans nothing
        until asked. A contact entered twice, on the line of the phone
        refusal in another notation, is left out as a refusal."""
        twin = self.env["res.partner"].create(
            self._company_vals("Camp Mkt Refus (doublon)", phone="04.78.00.00.06")
        )
        campaign = self._campaign("phoning")
        campaign.caller_ids = self.user | self.rep_lyon
        action = campaign.action_open_call_list()
        form = Form(
            self.env["crm.pme.call.list"]
            .with_user(self.manager)
            .with_context(**action["context"])
        )
        self.assertEqual(form.campaign_id, campaign)
        self.assertEqual(form.caller_ids[:], self.user | self.rep_lyon)
        counts = (
            form.call_count,
            form.no_phone_count,
            form.refused_count,
            form.rules_count,
        )
        # Planned: the company, its contact, the consumer with consent. Left
        # out: no phone and a wrong number; the refusal and its twin; the
        # consumer without consent.
        self.assertEqual(counts, (3, 2, 2, 1))
        form.caller_ids.remove(id=self.user.id)
        wizard = form.save()
        self.assertFalse(campaign.phonecall_ids)
        wizard.action_generate()
        calls = campaign.phonecall_ids
        self.assertEqual(calls.partner_id, self.pro | self.pro_contact | self.consumer)
        self.assertNotIn(twin, calls.partner_id)
        self.assertEqual(calls.user_id, self.rep_lyon)
        self.assertEqual(campaign.call_skipped_count, 5)
        self.assertIn("3 calls planned", campaign.message_ids[0].body)

    def test_call_list_only_for_managers(self):
        campaign = self._campaign("phoning")
        Wizard = self.env["crm.pme.call.list"]
        with self.assertRaises(AccessError):
            Wizard.with_user(self.user).create({"campaign_id": campaign.id})
        # Nor through a wizard a manager opened.
        wizard = Wizard.with_user(self.manager).create({"campaign_id": campaign.id})
        with self.assertRaises(AccessError):
            wizard.with_user(self.user).action_generate()
        self.assertFalse(campaign.phonecall_ids)
        # An emailing campaign has no call list.
        with self.assertRefused(UserError, "is not a Phoning campaign"):
            self._campaign("emailing").action_open_call_list()

    def test_wrong_type_or_missing_segment_refused(self):
        campaign = self._campaign("phoning")
        with self.assertRefused(UserError, "is not a Emailing campaign"):
            campaign.action_create_mailing()
        self.assertFalse(
            self.env["mailing.mailing"].search(
                [("campaign_id", "=", campaign.utm_campaign_id.id)]
            )
        )
        campaign.segment_id = False
        with self.assertRefused(UserError, "Choose the segment"):
            campaign.action_open_call_list()
        with self.assertRefused(UserError, "before planning it"):
            campaign.action_plan()
        self.assertEqual(campaign.state, "draft")

    def test_states(self):
        campaign = self._campaign("postal")
        with self.assertRefused(UserError, "cannot become Done"):
            campaign.action_done()
        campaign.action_plan()
        self.assertEqual(campaign.state, "planned")
        campaign.action_start()
        campaign.action_done()
        self.assertEqual(campaign.state, "done")
        with self.assertRefused(UserError, "cannot become Cancelled"):
            campaign.action_cancel()

    def test_refused_inputs(self):
        Campaign = self.env["crm.pme.campaign"].with_user(self.manager)
        with self.assertRefused(ValidationError, "ends before it starts"):
            Campaign.create(
                {
                    "name": "Camp Mkt Dates",
                    "date_start": START,
                    "date_end": date(2030, 11, 1),
                }
            )
        with self.assertRefused(ValidationError, "cannot be negative"):
            Campaign.create({"name": "Camp Mkt Budget", "budget": -1})
        self.assertFalse(
            Campaign.search([("name", "in", ("Camp Mkt Dates", "Camp Mkt Budget"))])
        )

    def test_access_and_agenda(self):
        campaign = self._campaign("event", date_end=date(2030, 12, 5))
        self.assertEqual(campaign.with_user(self.user).name, "Camp Mkt event")
        with self.assertRaises(AccessError):
            self.env["crm.pme.campaign"].with_user(self.user).create(
                {"name": "Camp Mkt Refusé"}
            )
        self.assertFalse(
            self.env["crm.pme.campaign"]
            .with_user(self.user_b)
            .search([("name", "like", "Camp Mkt")])
        )
        views = self.env["crm.pme.campaign"].get_views([(False, "calendar")])
        self.assertIn('date_start="date_start"', views["views"]["calendar"]["arch"])

    def test_results(self):
        """Figures by hand: 3 emails sent, 2 opened, 1 clicked; 4 calls made
        (2 interested, 1 call back, 1 wrong number); 3 leads of which 1 won;
        a 2,000 order confirmed; budget 1,500 -> 500 per lead, return on
        budget (2,000 - 1,500) / 1,500 = 33.33 %."""
        campaign = self._campaign("phoning")
        utm = campaign.utm_campaign_id
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Camp Mkt lettre",
                "campaign_id": utm.id,
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
            }
        )
        now = fields.Datetime.now()
        self.env["mailing.trace"].create(
            [
                {
                    "mass_mailing_id": mailing.id,
                    "model": "res.partner",
                    "res_id": partner.id,
                    "trace_status": status,
                    "sent_datetime": now,
                    "open_datetime": now if status in ("open", "reply") else False,
                    "links_click_datetime": now if clicked else False,
                }
                for partner, status, clicked in [
                    (self.pro, "open", True),
                    (self.pro_contact, "open", False),
                    (self.wrong_phone, "sent", False),
                ]
            ]
        )
        Call = self.env["crm.phonecall"]
        for partner, outcome in [
            (self.pro, "interested"),
            (self.pro_contact, "interested"),
            (self.pro, "call_back"),
            (self.pro_contact, "wrong_number"),
        ]:
            call = Call.create(
                self._call_vals(
                    partner,
                    datetime(2030, 12, 3, 9, 30),
                    crm_pme_campaign_id=campaign.id,
                    campaign_id=utm.id,
                )
            )
            call._crm_pme_set_outcome(
                outcome, callback_date=datetime(2030, 12, 4, 9, 30)
            )
        leads = self.env["crm.lead"].search([("campaign_id", "=", utm.id)])
        self.assertEqual(len(leads), 2)
        self.env["crm.lead"].create(
            {
                "name": "Camp Mkt piste web",
                "campaign_id": utm.id,
                "company_id": self.company_a.id,
            }
        )
        leads[0].action_set_won()
        product = self.env["product.product"].create(
            {"name": "Camp Mkt produit", "list_price": 2000, "taxes_id": False}
        )
        order = (
            self.env["sale.order"]
            .with_company(self.company_a)
            .create(
                {
                    "partner_id": self.pro.id,
                    "company_id": self.company_a.id,
                    "campaign_id": utm.id,
                    "order_line": [(0, 0, {"product_id": product.id})],
                }
            )
        )
        order.action_confirm()
        campaign.invalidate_recordset()
        self.assertEqual(
            (
                campaign.mail_sent_count,
                campaign.mail_opened_count,
                campaign.mail_clicked_count,
            ),
            (3, 2, 1),
        )
        self.assertEqual(
            (
                campaign.call_done_count,
                campaign.call_interested_count,
                campaign.call_callback_count,
                campaign.call_wrong_number_count,
                campaign.call_not_interested_count,
            ),
            (4, 2, 1, 1, 0),
        )
        self.assertEqual((campaign.lead_count, campaign.won_count), (3, 1))
        self.assertEqual(campaign.revenue, 2000)
        self.assertEqual(campaign.cost_per_lead, 500)
        self.assertAlmostEqual(campaign.return_on_budget, 33.33, places=2)
        # A plain user reads the same figures.
        self.assertEqual(campaign.with_user(self.user).lead_count, 3)

    def test_results_of_the_campaign_company_in_its_currency(self):
        """Leads and orders of another company on the same UTM campaign are
        not the campaign's; an order in another currency counts at the rate
        of its date: 1,000 at 0.5 per unit of the company's currency is
        2,000."""
        campaign = self._campaign("emailing")
        utm = campaign.utm_campaign_id
        company_currency = self.company_a.currency_id
        foreign = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search(
                [("id", "!=", company_currency.id), ("name", "in", ("GBP", "CHF"))],
                limit=1,
            )
        )
        foreign.active = True
        self.env["res.currency.rate"].create(
            {
                "name": "2020-01-01",
                "rate": 0.5,
                "currency_id": foreign.id,
                "company_id": self.company_a.id,
            }
        )
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Camp Mkt devise",
                "currency_id": foreign.id,
                "company_id": self.company_a.id,
            }
        )
        product = self.env["product.product"].create(
            {"name": "Camp Mkt produit", "list_price": 1000, "taxes_id": False}
        )
        shared = self.env["res.partner"].create({"name": "Camp Mkt Partagé"})
        SaleOrder = self.env["sale.order"]
        Lead = self.env["crm.lead"]
        for company, extra in [
            (self.company_a, {"pricelist_id": pricelist.id}),
            (self.company_b, {}),
        ]:
            order = SaleOrder.with_company(company).create(
                {
                    "partner_id": shared.id,
                    "company_id": company.id,
                    "campaign_id": utm.id,
                    "order_line": [(0, 0, {"product_id": product.id})],
                    **extra,
                }
            )
            order.order_line.price_unit = 1000
            order.with_company(company).action_confirm()
            Lead.with_company(company).create(
                {
                    "name": f"Camp Mkt piste {company.name}",
                    "campaign_id": utm.id,
                    "company_id": company.id,
                }
            )
        # A lead of no company is no other company's: it counts.
        Lead.create(
            {"name": "Camp Mkt piste sans société", "campaign_id": utm.id}
        ).company_id = False
        self.assertEqual(
            SaleOrder.search([("campaign_id", "=", utm.id)]).mapped("amount_untaxed"),
            [1000, 1000],
        )
        campaign.invalidate_recordset()
        self.assertEqual(campaign.lead_count, 2)
        self.assertEqual(campaign.revenue, 2000)
        campaign_b = self.env["crm.pme.campaign"].create(
            {
                "name": "Camp Mkt Nantes",
                "company_id": self.company_b.id,
                "utm_campaign_id": utm.id,
                "date_start": START,
            }
        )
        self.assertEqual((campaign_b.lead_count, campaign_b.revenue), (2, 1000))


@tagged("post_install", "-at_install")
class TestCampaignAccess(MarketingCase):
    """A CRM PME user without email marketing rights opens the campaigns of
    the company; a user of another company sees nothing of them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env["crm.pme.campaign"].create(
            {
                "name": "Camp Mkt Accès",
                "company_id": cls.company_a.id,
                "campaign_type": "emailing",
                "date_start": START,
            }
        )
        cls.env["mailing.mailing"].create(
            {
                "subject": "Camp Mkt lettre accès",
                "campaign_id": cls.campaign.utm_campaign_id.id,
                "mailing_model_id": cls.env["ir.model"]._get_id("res.partner"),
            }
        )
        cls.form_fields = list(
            cls.env["crm.pme.campaign"]
            .with_user(cls.user)
            .get_views([(False, "form")])["models"]["crm.pme.campaign"]["fields"]
        )

    def test_user_without_mailing_rights_opens_the_form(self):
        self.assertFalse(self.user.has_group("mass_mailing.group_mass_mailing_user"))
        campaign = self.campaign.with_user(self.user)
        self.assertIn("mailing_count", self.form_fields)
        self.assertNotIn("mailing_ids", self.form_fields)
        values = campaign.read(self.form_fields)[0]
        self.assertEqual(values["name"], "Camp Mkt Accès")
        self.assertEqual(values["mailing_count"], 1)
        form = Form(campaign)
        self.assertEqual(form.mail_sent_count, 0)
        self.assertEqual(form.lead_count, 0)
        # The mailings themselves stay out of reach.
        with self.assertRaises(AccessError):
            campaign.read(["mailing_ids"])

    def test_mailing_user_sees_the_mailings(self):
        self.manager.invalidate_recordset()
        campaign = self.campaign.with_user(self.manager)
        self.assertEqual(campaign.mailing_ids.subject, "Camp Mkt lettre accès")
        self.assertEqual(campaign.mailing_count, 1)

    def test_other_company_sees_nothing(self):
        Campaign = self.env["crm.pme.campaign"].with_user(self.user_b)
        self.assertFalse(Campaign.search([("name", "=", "Camp Mkt Accès")]))
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.user_b).read(self.form_fields)
        self.assertEqual(
            Campaign.search_count([("company_id", "=", self.company_a.id)]), 0
        )
