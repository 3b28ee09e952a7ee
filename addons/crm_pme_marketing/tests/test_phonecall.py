from datetime import datetime, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import (
    CHRISTMAS_1030,
    SATURDAY_1030,
    SUNDAY_2300,
    TUESDAY_1030,
    MarketingCase,
)


@tagged("post_install", "-at_install")
class TestPhonecallRules(MarketingCase):
    def _calls(self, partner):
        return self.env["crm.phonecall"].search([("partner_id", "=", partner.id)])

    def _plan(self, partner, date, user=None):
        form = Form(self.env["crm.phonecall"].with_user(user or self.user))
        form.name = "Appel Mkt planifié"
        form.partner_id = partner
        form.date = date
        return form.save()

    def test_consumer_with_consent_in_hours(self):
        call = self._plan(self.consumer, TUESDAY_1030)
        self.assertTrue(call.crm_pme_consumer)
        self.assertEqual(call.partner_phone, "06 12 00 00 01")
        self.assertEqual(call.state, "open")

    def test_second_company_sees_no_call(self):
        call = self._plan(self.consumer, TUESDAY_1030)
        call.company_id = self.company_a
        Phonecall = self.env["crm.phonecall"]
        self.assertFalse(
            Phonecall.with_user(self.user_b).search([("id", "=", call.id)])
        )
        self.assertEqual(
            Phonecall.with_user(self.user).search([("id", "=", call.id)]), call
        )

    def test_consumer_without_consent_refused(self):
        with self.assertRefused(ValidationError, 'rule "consumer consent"'):
            self._plan(self.consumer_no_consent, TUESDAY_1030)
        self.assertFalse(self._calls(self.consumer_no_consent))

    def test_calendar_rules_named(self):
        for date, rule in [
            (SATURDAY_1030, 'rule "weekdays"'),
            (CHRISTMAS_1030, 'rule "public holiday"'),
            (datetime(2026, 12, 1, 12, 15), 'rule "hours"'),  # 13:15 Paris
            (datetime(2026, 12, 1, 19, 30), 'rule "hours"'),  # 20:30 Paris
        ]:
            with self.subTest(date=date):
                with self.assertRefused(ValidationError, rule):
                    self._plan(self.consumer, date)
        self.assertFalse(self._calls(self.consumer))

    def test_professional_line_out_of_scope(self):
        # A company and a company's contact: no consent needed, any time.
        for partner in (self.pro, self.pro_contact):
            with self.subTest(partner=partner.name):
                call = self._plan(partner, SUNDAY_2300)
                self.assertFalse(call.crm_pme_consumer)

    def test_opposition_honoured_on_professional_lines(self):
        self.env["crm.pme.consent"].create(
            {
                "partner_id": self.pro.id,
                "company_id": self.company_a.id,
                "channel": "phone",
                "state": "refused",
            }
        )
        with self.assertRefused(ValidationError, 'rule "opposition"'):
            self._plan(self.pro, TUESDAY_1030)
        self.assertFalse(self._calls(self.pro))

    def test_four_attempts_per_30_days(self):
        Call = self.env["crm.phonecall"]
        for day in range(4):
            Call.create(
                self._call_vals(self.consumer, TUESDAY_1030 + timedelta(days=day))
            )
        # Same number written differently, another caller: still the 5th.
        fifth = self._call_vals(
            self.consumer,
            TUESDAY_1030 + timedelta(days=7),
            partner_phone="+33 6 12 00 00 01",
            user_id=self.rep_lyon.id,
        )
        with self.assertRefused(ValidationError, 'rule "4 attempts"'):
            Call.create(fifth)
        self.assertEqual(len(self._calls(self.consumer)), 4)
        # A cancelled attempt does not count; 31 days later is a new window.
        self._calls(self.consumer)[0].state = "cancel"
        Call.create(fifth)
        Call.create(self._call_vals(self.consumer, TUESDAY_1030 + timedelta(days=35)))
        self.assertEqual(len(self._calls(self.consumer)), 6)

    def test_no_call_60_days_after_refusal(self):
        call = self.env["crm.phonecall"].create(
            self._call_vals(self.consumer, TUESDAY_1030)
        )
        call._crm_pme_set_outcome("not_interested")
        self.assertEqual(call.state, "done")
        with self.assertRefused(ValidationError, 'rule "60 days after a refusal"'):
            self._plan(self.consumer, TUESDAY_1030 + timedelta(days=59))
        # 63 days later (Tuesday 2 February 2027) is allowed again.
        self._plan(self.consumer, TUESDAY_1030 + timedelta(days=63))

    def test_logging_a_call_checked(self):
        call = self._plan(self.consumer, TUESDAY_1030)
        with self.assertRefused(ValidationError, 'rule "weekdays"'):
            call.write({"date": SATURDAY_1030, "state": "done"})
        self.assertEqual(call.date, TUESDAY_1030)
        self.assertEqual(call.state, "open")
        # Inbound calls are not prospecting.
        inbound = self.env["crm.phonecall"].create(
            self._call_vals(self.consumer_no_consent, SUNDAY_2300, direction="in")
        )
        self.assertTrue(inbound)


@tagged("post_install", "-at_install")
class TestPhonecallScope(MarketingCase):
    """The consumer rules govern prospecting calls only: campaign calls and
    calls to prospects; not calls to a current customer nor call-backs the
    person asked for. Sunday 23:00 and no consent: refused only when
    prospecting."""

    def _log(self, partner, **extra):
        return (
            self.env["crm.phonecall"]
            .with_user(self.user)
            .create(self._call_vals(partner, SUNDAY_2300, state="done", **extra))
        )

    def test_prospect_refused_with_reason(self):
        with self.assertRefused(ValidationError, 'rule "consumer consent"'):
            self._log(self.consumer_no_consent)
        call = self._log(self.pro)
        self.assertEqual(call.crm_pme_scope, "prospecting")
        self.assertIn("is not a current customer", call.crm_pme_scope_reason)
        self.assertIn("Professional line", call.crm_pme_scope_reason)

    def test_active_customer_exempt(self):
        self.consumer_no_consent.with_company(
            self.company_a
        ).sudo().lifecycle_state = "active"
        call = self._log(self.consumer_no_consent)
        self.assertEqual(call.crm_pme_scope, "customer")
        self.assertIn("is an active customer of", call.crm_pme_scope_reason)
        # A customer's phone refusal is still honoured.
        self.env["crm.pme.consent"].create(
            {
                "partner_id": self.consumer_no_consent.id,
                "company_id": self.company_a.id,
                "channel": "phone",
                "state": "refused",
            }
        )
        with self.assertRefused(ValidationError, 'rule "opposition"'):
            self._log(self.consumer_no_consent)

    def test_customer_with_recent_order_exempt(self):
        """A person shared by both companies is a customer of the company
        she ordered from only."""
        shared = self.env["res.partner"].create(
            {
                "name": "Appel Mkt Partagée",
                "country_id": self.fr.id,
                "phone": "06 12 00 00 07",
            }
        )
        product = self.env["product.product"].create(
            {"name": "Appel Mkt produit", "list_price": 100}
        )
        orders = self.env["sale.order"]
        for company in (self.company_b, self.company_a):
            orders |= (
                self.env["sale.order"]
                .with_company(company)
                .create(
                    {
                        "partner_id": shared.id,
                        "company_id": company.id,
                        "order_line": [(0, 0, {"product_id": product.id})],
                    }
                )
            )
        order_b, order_a = orders
        order_b.with_company(self.company_b).action_confirm()
        # An order with company B, a quotation with company A: no contract
        # with company A.
        with self.assertRefused(ValidationError, 'rule "consumer consent"'):
            self._log(shared)
        order_a.with_company(self.company_a).action_confirm()
        call = self._log(shared)
        self.assertEqual(call.crm_pme_scope, "customer")
        self.assertIn(order_a.name, call.crm_pme_scope_reason)

    def test_campaign_call_to_customer_is_prospecting(self):
        self.consumer_no_consent.with_company(
            self.company_a
        ).sudo().lifecycle_state = "active"
        campaign = self.env["crm.pme.campaign"].create(
            {"name": "Appel Mkt campagne", "company_id": self.company_a.id}
        )
        with self.assertRefused(ValidationError, 'rule "consumer consent"'):
            self._log(self.consumer_no_consent, crm_pme_campaign_id=campaign.id)
        call = self.env["crm.phonecall"].create(
            self._call_vals(
                self.consumer, TUESDAY_1030, crm_pme_campaign_id=campaign.id
            )
        )
        self.assertEqual(call.crm_pme_scope, "prospecting")
        self.assertIn("Appel Mkt campagne", call.crm_pme_scope_reason)
        self.assertIn("consumer phoning rules apply", call.crm_pme_scope_reason)

    def test_line_outside_france(self):
        belgian = self.env["res.partner"].create(
            {
                "name": "Appel Mkt Belge",
                "country_id": self.env.ref("base.be").id,
                "phone": "+32 470 12 34 56",
            }
        )
        call = self._log(belgian)
        self.assertEqual(call.crm_pme_scope, "prospecting")
        self.assertIn("Line outside France", call.crm_pme_scope_reason)


@tagged("post_install", "-at_install")
class TestCallOutcomes(MarketingCase):
    def setUp(self):
        super().setUp()
        self.call = (
            self.env["crm.phonecall"]
            .with_user(self.user)
            .create(self._call_vals(self.consumer, TUESDAY_1030))
        )

    def _end(self, outcome, **values):
        form = Form(
            self.env["crm.pme.call.outcome"]
            .with_user(self.user)
            .with_context(active_model="crm.phonecall", active_id=self.call.id)
        )
        form.outcome = outcome
        for name, value in values.items():
            setattr(form, name, value)
        return form.save().action_confirm()

    def test_interested_creates_opportunity(self):
        action = self._end("interested", note="Veut un devis")
        lead = self.env["crm.lead"].browse(action["res_id"])
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.partner_id, self.consumer)
        self.assertEqual(lead.user_id, self.user)
        self.assertEqual(self.call.opportunity_id, lead)
        self.assertEqual(self.call.crm_pme_outcome, "interested")
        self.assertEqual(self.call.state, "done")
        self.assertIn("Veut un devis", self.call.description)

    def test_call_back_schedules_call_and_activity(self):
        when = datetime(2026, 12, 3, 14, 0)  # Thursday 15:00 Paris
        self._end("call_back", callback_date=when)
        callback = self.env["crm.phonecall"].search(
            [("partner_id", "=", self.consumer.id), ("state", "=", "open")]
        )
        self.assertEqual(callback.date, when)
        self.assertEqual(callback.user_id, self.user)
        activity = self.consumer.activity_ids
        self.assertEqual(activity.user_id, self.user)
        self.assertEqual(str(activity.date_deadline), "2026-12-03")
        self.assertEqual(
            activity.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )

    def test_requested_call_back_is_not_prospecting(self):
        """The person asks to be called back on Saturday: a call she asked
        for is not prospecting, the calendar rules do not apply."""
        with self.assertRefused(UserError, "Choose when to call"):
            self.call.with_user(self.user)._crm_pme_set_outcome("call_back")
        self.assertFalse(self.call.crm_pme_outcome)
        self._end("call_back", callback_date=SATURDAY_1030)
        callback = self.env["crm.phonecall"].search(
            [("crm_pme_callback_origin_id", "=", self.call.id)]
        )
        self.assertEqual(callback.date, SATURDAY_1030)
        self.assertEqual(callback.crm_pme_scope, "callback")
        self.assertIn("asked to be called back", callback.crm_pme_scope_reason)
        self.assertEqual(self.call.crm_pme_scope, "prospecting")
        # A refusal recorded since is honoured.
        self.env["crm.pme.consent"].create(
            {
                "partner_id": self.consumer.id,
                "company_id": self.company_a.id,
                "channel": "phone",
                "state": "refused",
            }
        )
        with self.assertRefused(ValidationError, 'rule "opposition"'):
            callback.date = SATURDAY_1030 + timedelta(hours=1)

    def test_wrong_number_flags_phone(self):
        self._end("wrong_number")
        self.assertTrue(self.consumer.crm_pme_phone_wrong)
        self.consumer.phone = "06 12 00 00 09"
        self.assertFalse(self.consumer.crm_pme_phone_wrong)

    def test_do_not_call_records_refusal(self):
        self._end("do_not_call")
        self.assertEqual(self.consumer.consent_phone_state, "refused")
        consent = self.consumer.consent_ids.filtered(lambda c: c.state == "refused")
        self.assertEqual(consent.channel, "phone")
        self.assertEqual(consent.user_id, self.user)
        with self.assertRefused(ValidationError, 'rule "opposition"'):
            self.env["crm.phonecall"].create(
                self._call_vals(self.consumer, TUESDAY_1030 + timedelta(days=1))
            )


@tagged("post_install", "-at_install")
class TestPhoneLine(MarketingCase):
    """The phoning rules match the line called, whatever the partner and the
    notation each record stored it in (crm_pme_base's tools/phone.py): the
    same person entered twice, once as "+33 6 12 34 56 78", once as
    "06.12.34.56.78"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        vals = {
            "company_id": cls.company_a.id,
            "country_id": cls.fr.id,
            "zip": "69003",
            "city": "Lyon",
        }
        cls.person = Partner.create(
            dict(vals, name="Aline Mkt Ligne", phone="+33 6 12 34 56 78")
        )
        cls.twin = Partner.create(
            dict(vals, name="A. Mkt Ligne (fiche en double)", phone="06.12.34.56.78")
        )
        cls.env["crm.pme.consent"].create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": cls.company_a.id,
                    "channel": "phone",
                    "state": "granted",
                }
                for partner in (cls.person, cls.twin)
            ]
        )

    def test_call_keyed_by_its_line(self):
        call = self.env["crm.phonecall"].create(
            self._call_vals(self.person, TUESDAY_1030)
        )
        self.assertEqual(call.partner_phone, "+33 6 12 34 56 78")
        self.assertEqual(call.crm_pme_phone_key, "612345678")

    def test_consent_refusal_on_the_same_line(self):
        """A call stored "+33 6 12 34 56 78" and a refusal recorded for the
        contact stored "06.12.34.56.78": the refusal holds."""
        Consent = self.env["crm.pme.consent"]
        Call = self.env["crm.phonecall"]
        # A refusal on the line in another company is that company's.
        other = self.env["res.partner"].create(
            {
                "name": "Aline Mkt Nantes",
                "company_id": self.company_b.id,
                "mobile": "0033 6 12 34 56 78",
            }
        )
        vals = {"channel": "phone", "state": "refused"}
        Consent.create(dict(vals, partner_id=other.id, company_id=self.company_b.id))
        allowed = Call.create(self._call_vals(self.person, TUESDAY_1030))
        allowed.unlink()
        Consent.create(
            dict(vals, partner_id=self.twin.id, company_id=self.company_a.id)
        )
        with self.assertRefused(ValidationError, 'rule "opposition"'):
            Call.create(self._call_vals(self.person, TUESDAY_1030))
        self.assertFalse(Call.search([("partner_id", "=", self.person.id)]))

    def test_four_attempts_on_the_line(self):
        Call = self.env["crm.phonecall"]
        for day in range(4):
            Call.create(self._call_vals(self.twin, TUESDAY_1030 + timedelta(days=day)))
        with self.assertRefused(ValidationError, 'rule "4 attempts"'):
            Call.create(self._call_vals(self.person, TUESDAY_1030 + timedelta(days=7)))
        self.assertFalse(Call.search([("partner_id", "=", self.person.id)]))

    def test_refusal_said_on_the_line(self):
        call = self.env["crm.phonecall"].create(
            self._call_vals(self.twin, TUESDAY_1030)
        )
        call._crm_pme_set_outcome("not_interested")
        with self.assertRefused(ValidationError, 'rule "60 days after a refusal"'):
            self._plan_call(self.person, TUESDAY_1030 + timedelta(days=7))

    def _plan_call(self, partner, date):
        return self.env["crm.phonecall"].create(self._call_vals(partner, date))


@tagged("post_install", "-at_install")
class TestPhonecallUpstreamFlows(MarketingCase):
    """What crm_phonecall's own tests do (they are not run with the suite:
    .ci/upstream-excluded.txt), with calls the French rules allow: a
    professional line planned at "now", whatever the time the tests run."""

    def setUp(self):
        super().setUp()
        self.call = self.env["crm.phonecall"].create(
            {
                "name": "Appel Mkt professionnel",
                "partner_id": self.pro_contact.id,
                "company_id": self.company_a.id,
            }
        )

    def test_professional_call_planned_now(self):
        # Prospecting a company's line: only a phone refusal is honoured.
        self.assertFalse(self.call.crm_pme_consumer)
        self.assertEqual(self.call.crm_pme_scope, "prospecting")
        self.assertEqual(self.call.state, "open")

    def test_schedule_and_log_another_call(self):
        scheduled = self.call.schedule_another_phonecall(
            {"schedule_time": False, "name": "Relance Mkt", "action": "schedule"}
        )[self.call.id]
        self.assertNotEqual(scheduled, self.call)
        self.assertEqual(scheduled.partner_id, self.pro_contact)
        self.assertEqual(self.call.state, "open")
        logged = self.call.schedule_another_phonecall(
            {
                "schedule_time": "2026-12-01 09:30:00",
                "name": "Appel Mkt noté",
                "action": "log",
            }
        )[self.call.id]
        self.assertNotIn(logged, scheduled | self.call)
        self.assertEqual(self.call.state, "done")

    def test_convert_to_opportunity(self):
        action = self.call.action_button_convert2opportunity()
        lead = self.env["crm.lead"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "crm.lead")
        self.assertEqual(lead.partner_id, self.pro_contact)
        self.assertEqual(self.call.opportunity_id, lead)

    def test_schedule_wizard(self):
        wizard = (
            self.env["crm.phonecall2phonecall"]
            .with_context(active_ids=self.call.ids, active_id=self.call.id)
            .create({})
        )
        action = wizard.action_schedule()
        self.assertNotEqual(action["res_id"], self.call.id)
        self.assertEqual(
            self.env["crm.phonecall"].browse(action["res_id"]).partner_id,
            self.pro_contact,
        )
