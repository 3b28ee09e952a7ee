from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common import CrmPmeSalesCase


@tagged("post_install", "-at_install")
class TestActivityReport(CrmPmeSalesCase):
    """Today, Léa (rep_lyon) logs a call, a meeting and a to-do as done,
    sends one email on an opportunity, sends two quotes (one won) and
    creates one prospect; Rémi (rep_region) logs one call."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        lead = cls._opportunity("Salon du livre", 1000, 50, cls.today)
        for xmlid in (
            "mail.mail_activity_data_call",
            "mail.mail_activity_data_meeting",
            "mail.mail_activity_data_todo",
        ):
            activity = lead.activity_schedule(xmlid, user_id=cls.rep_lyon.id)
            activity.with_user(cls.rep_lyon).action_feedback(feedback="Fait")
        lead.with_user(cls.rep_lyon).message_post(
            body="Bonjour, voici notre proposition.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        lead.with_user(cls.rep_lyon).message_post(
            body="Note interne", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        region_lead = cls._opportunity(
            "Foire de Grenoble", 500, 20, cls.today, user=cls.rep_region
        )
        region_lead.activity_schedule(
            "mail.mail_activity_data_call", user_id=cls.rep_region.id
        ).with_user(cls.rep_region).action_feedback(feedback="Rappeler")
        saas = cls.product_saas
        cls._order(cls.customer_new, [(saas, 1, 100.0)], cls.today)
        cls._order(cls.customer_old, [(saas, 1, 100.0)], cls.today, state="sent")
        cls.env["res.partner"].with_user(cls.rep_lyon).create(
            cls._company_vals("Prospect du jour")
        )

    def _figures(self, user=None):
        # The report is an SQL view: what the ORM holds must be written.
        self.env.flush_all()
        Report = self.env["crm.pme.activity.report"]
        if user:
            Report = Report.with_user(user)
        measures = [
            "call_count:sum",
            "meeting_count:sum",
            "other_activity_count:sum",
            "email_count:sum",
            "quote_count:sum",
            "order_count:sum",
            "prospect_count:sum",
        ]
        return {
            user: tuple(figures)
            for user, *figures in Report._read_group(
                [("date", "=", self.today), ("user_id", "in", self.users.ids)],
                ["user_id"],
                measures,
            )
        }

    @property
    def users(self):
        return self.rep_lyon | self.rep_region

    def test_week_figures(self):
        self.assertEqual(
            self._figures(),
            {
                self.rep_lyon: (1, 1, 1, 1, 2, 1, 1),
                self.rep_region: (1, 0, 0, 0, 0, 0, 0),
            },
        )
        weeks = self.env["crm.pme.activity.report"]._read_group(
            [("user_id", "=", self.rep_lyon.id), ("date", "=", self.today)],
            ["date:week"],
            ["call_count:sum"],
        )
        self.assertEqual([count for _week, count in weeks], [1])

    def test_access(self):
        self.assertEqual(set(self._figures(self.rep_region)), {self.rep_region})
        self.assertEqual(
            set(self._figures(self.manager)), {self.rep_lyon, self.rep_region}
        )
        self.assertFalse(
            self.env["crm.pme.activity.report"]
            .with_user(self.user_b)
            .search([("user_id", "in", self.users.ids)])
        )


@tagged("post_install", "-at_install")
class TestActivityReportCompanies(CrmPmeSalesCase):
    """Carla works for both companies, Lyon by default. Today, in Nantes,
    she logs a call on a Nantes opportunity, emails the customer of a
    shared prospect from the Nantes company, and wins a Nantes order; in
    Lyon she logs a call on a Lyon opportunity."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.carla = new_test_user(
            cls.env,
            login="rep_two_companies",
            groups="crm_pme_base.crm_pme_group_user",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id, cls.company_b.id],
            name="Carla Deux-Sites",
        )
        nantes_lead = cls._opportunity(
            "Salon nantais",
            800,
            40,
            cls.today,
            user=cls.carla,
            company_id=cls.company_b.id,
            team_id=False,
        )
        lyon_lead = cls._opportunity(
            "Salon lyonnais", 500, 40, cls.today, user=cls.carla
        )
        for lead in nantes_lead | lyon_lead:
            lead.activity_schedule(
                "mail.mail_activity_data_call", user_id=cls.carla.id
            ).with_user(cls.carla).with_company(lead.company_id).action_feedback(
                feedback="Fait"
            )
        shared = cls.env["res.partner"].create(
            {"name": "Client commun", "is_company": True, "company_id": False}
        )
        shared.with_user(cls.carla).with_company(cls.company_b).message_post(
            body="Bonjour, voici notre offre nantaise.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        order = (
            cls.env["sale.order"]
            .with_company(cls.company_b)
            .create(
                {
                    "partner_id": shared.id,
                    "company_id": cls.company_b.id,
                    "user_id": cls.carla.id,
                    "order_line": [
                        Command.create(
                            {"product_id": cls.product_saas.id, "price_unit": 100.0}
                        )
                    ],
                }
            )
        )
        order.action_confirm()

    def _figures(self, companies, sudo=False):
        self.env.flush_all()
        Report = self.env["crm.pme.activity.report"].with_context(
            allowed_company_ids=companies.ids
        )
        if sudo:
            Report = Report.sudo()
        return {
            company: (calls, emails, orders)
            for company, calls, emails, orders in Report._read_group(
                [("date", "=", self.today), ("user_id", "=", self.carla.id)],
                ["company_id"],
                ["call_count:sum", "email_count:sum", "order_count:sum"],
            )
        }

    def test_activity_in_the_record_company(self):
        both = self.company_a | self.company_b
        self.assertEqual(
            self._figures(both),
            {self.company_a: (1, 0, 0), self.company_b: (1, 1, 1)},
        )

    def test_only_allowed_companies_even_in_sql(self):
        # sudo: no record rule applies, the query alone keeps Nantes out.
        self.assertEqual(
            self._figures(self.company_a, sudo=True), {self.company_a: (1, 0, 0)}
        )
        self.assertEqual(
            self._figures(self.company_b, sudo=True), {self.company_b: (1, 1, 1)}
        )
