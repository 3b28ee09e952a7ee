from odoo import fields
from odoo.tests import tagged

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
