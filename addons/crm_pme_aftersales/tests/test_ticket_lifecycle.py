from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestTicketLifecycleCron(AccountTestInvoicingCommon):
    """The ticket's stored customer lifecycle follows the daily lifecycle
    job, in the ticket's company: the job writes partners in SQL and must
    tell the ORM, or the stored value stays stale."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref(
            "helpdesk_mgmt.group_helpdesk_manager"
        ) | cls.env.ref("crm_pme_base.crm_pme_group_user")
        cls.company_a = cls.company_data["company"]
        cls.eur = cls.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        cls.company_b = cls.setup_other_company(
            name="Ticket Cycle Nantes", currency_id=cls.eur.id
        )["company"]
        cls.env.user.company_ids |= cls.company_b
        cls.customer = cls.env["res.partner"].create(
            {"name": "Cycle Ticket Partagé", "is_company": True}
        )
        Ticket = cls.env["helpdesk.ticket"]
        cls.ticket_a = Ticket.create(
            {
                "name": "Panne A",
                "description": "<p>Panne</p>",
                "partner_id": cls.customer.id,
                "company_id": cls.company_a.id,
            }
        )
        cls.ticket_b = Ticket.with_company(cls.company_b).create(
            {
                "name": "Panne B",
                "description": "<p>Panne</p>",
                "partner_id": cls.customer.id,
                "company_id": cls.company_b.id,
            }
        )
        today = fields.Date.context_today(cls.customer)
        cls.init_invoice(
            "out_invoice",
            partner=cls.customer,
            invoice_date=today - relativedelta(days=3),
            amounts=[800.0],
            post=True,
            company=cls.company_b,
        )

    def _stored(self, ticket):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT crm_pme_lifecycle_state FROM helpdesk_ticket WHERE id = %s",
            [ticket.id],
        )
        return self.env.cr.fetchone()[0]

    def test_stored_lifecycle_after_cron(self):
        self.assertEqual(self._stored(self.ticket_b), "prospect")
        cron = self.env.ref("crm_pme_base.ir_cron_crm_pme_lifecycle")
        cron.method_direct_trigger()
        # Customer of company B, still a prospect of company A.
        self.assertEqual(self._stored(self.ticket_b), "active")
        self.assertEqual(self._stored(self.ticket_a), "prospect")
        self.assertEqual(self.ticket_b.crm_pme_lifecycle_state, "active")
        self.assertEqual(
            self.env["helpdesk.ticket"]
            .with_company(self.company_b)
            .search_count(
                [
                    ("crm_pme_lifecycle_state", "=", "active"),
                    ("id", "in", (self.ticket_a | self.ticket_b).ids),
                ]
            ),
            1,
        )
