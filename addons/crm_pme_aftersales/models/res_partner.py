# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_pme_base.tools.revenue import last_12_months

# Documents whose activities belong to the customer file: (model, table,
# column holding the customer). res.partner is added for the customer and
# its contacts.
CUSTOMER_DOCUMENTS = [
    ("sale.order", "sale_order", "partner_id"),
    ("account.move", "account_move", "commercial_partner_id"),
    ("helpdesk.ticket", "helpdesk_ticket", "commercial_partner_id"),
    ("crm.pme.intervention", "crm_pme_intervention", "partner_id"),
]
# How many past and planned activities the customer file lists.
ACTIVITY_LIMIT = 5


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_pme_intervention_count = fields.Integer(
        string="Interventions", compute="_compute_crm_pme_360"
    )
    crm_pme_open_ticket_count = fields.Integer(
        string="Open tickets", compute="_compute_crm_pme_360"
    )
    crm_pme_currency_360_id = fields.Many2one(
        "res.currency", string="Customer file currency", compute="_compute_crm_pme_360"
    )
    crm_pme_invoiced_12m = fields.Monetary(
        string="Invoiced (12 months)",
        compute="_compute_crm_pme_360",
        currency_field="crm_pme_currency_360_id",
        help="Posted customer invoices minus credit notes of the last 12 "
        "months, untaxed.",
    )
    crm_pme_outstanding_amount = fields.Monetary(
        string="Outstanding",
        compute="_compute_crm_pme_360",
        currency_field="crm_pme_currency_360_id",
    )
    crm_pme_overdue_360 = fields.Monetary(
        string="Overdue",
        compute="_compute_crm_pme_360",
        currency_field="crm_pme_currency_360_id",
    )

    crm_pme_360_order_count = fields.Integer(
        string="Orders (12 months)",
        compute="_compute_crm_pme_360_orders",
        help="Confirmed sales orders of the last 12 months.",
    )
    crm_pme_360_ordered_12m = fields.Monetary(
        string="Ordered (12 months)",
        compute="_compute_crm_pme_360_orders",
        currency_field="crm_pme_currency_360_id",
        help="Untaxed amount of the confirmed sales orders of the last 12 "
        "months, in the company's currency.",
    )
    crm_pme_360_last_order_date = fields.Datetime(
        string="Last confirmed order", compute="_compute_crm_pme_360_orders"
    )
    crm_pme_360_last_call_date = fields.Datetime(
        string="Last call",
        compute="_compute_crm_pme_360_activities",
        help="Last call marked as done on the customer, its contacts, orders, "
        "invoices, tickets or interventions.",
    )
    crm_pme_360_done_message_ids = fields.Many2many(
        "mail.message",
        string="Last activities",
        compute="_compute_crm_pme_360_activities",
        help="The last activities marked as done (calls, meetings, emails...) "
        "on the customer and its documents.",
    )
    crm_pme_360_planned_activity_ids = fields.Many2many(
        "mail.activity",
        string="Next activities",
        compute="_compute_crm_pme_360_activities",
        help="The next planned activities on the customer and its documents.",
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_crm_pme_360(self):
        """The customer file of a page of companies: one _read_group per
        figure, whatever the number of companies (contacts show their
        company's figures)."""
        commercial = self.commercial_partner_id
        interventions = dict(
            self.env["crm.pme.intervention"]._read_group(
                [("partner_id", "in", commercial.ids)], ["partner_id"], ["__count"]
            )
        )
        tickets = dict(
            self.env["helpdesk.ticket"]._read_group(
                [
                    ("commercial_partner_id", "in", commercial.ids),
                    ("stage_id.closed", "=", False),
                ],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        revenue, outstanding, overdue = self._crm_pme_invoice_figures(commercial)
        currency = self.env.company.currency_id
        for partner in self:
            company = partner.commercial_partner_id
            partner.crm_pme_intervention_count = interventions.get(company, 0)
            partner.crm_pme_open_ticket_count = tickets.get(company, 0)
            partner.crm_pme_currency_360_id = currency
            partner.crm_pme_invoiced_12m = revenue.get(company, 0.0)
            partner.crm_pme_outstanding_amount = outstanding.get(company, 0.0)
            partner.crm_pme_overdue_360 = overdue.get(company, 0.0)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_crm_pme_360_orders(self):
        """Confirmed orders of the last 12 months of the current company: one
        _read_group for the page, each order converted to the company's
        currency at the rate of its date (the order's stored currency_rate,
        as Odoo's sales analysis does). The last confirmed order is
        crm_pme_base's, the same as the sales portfolio's: the latest of
        every confirmed order of the current company, shown to users who
        may read sales orders."""
        commercial = self.commercial_partner_id
        company = self.env.company
        currency = company.currency_id
        counts = defaultdict(int)
        amounts = defaultdict(float)
        last = {}
        Order = self.env["sale.order"]
        if commercial and Order.has_access("read"):
            last = {
                self.browse(partner_id): date
                for (partner_id, _company_id), date in (
                    commercial._crm_pme_last_order_dates(company).items()
                )
            }
            today = fields.Date.context_today(self)
            groups = Order._read_group(
                [
                    ("partner_id.commercial_partner_id", "in", commercial.ids),
                    ("state", "=", "sale"),
                    ("date_order", ">=", today - relativedelta(months=12)),
                ]
                + self._crm_pme_360_company_domain(),
                ["partner_id", "currency_rate"],
                ["__count", "amount_untaxed:sum"],
            )
            for partner, rate, count, amount in groups:
                customer = partner.commercial_partner_id
                counts[customer] += count
                # currency_rate: order currency units per company currency
                # unit at the order's date.
                amounts[customer] += amount / (rate or 1.0)
        for partner in self:
            customer = partner.commercial_partner_id
            partner.crm_pme_360_order_count = counts[customer]
            partner.crm_pme_360_ordered_12m = currency.round(amounts[customer])
            partner.crm_pme_360_last_order_date = last.get(customer, False)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_crm_pme_360_activities(self):
        """The last done and next planned activities of each customer, over
        the customer, its contacts and its documents: one query for the page
        (a window per customer), then the records the user may read."""
        commercial = self.commercial_partner_id
        done = defaultdict(list)
        planned = defaultdict(list)
        calls = {}
        if commercial:
            rows = self._crm_pme_360_activity_rows(commercial.ids)
            for kind, customer_id, record_id, date, _rank in rows:
                if kind == "planned":
                    planned[customer_id].append(record_id)
                elif kind == "done":
                    done[customer_id].append(record_id)
                else:
                    calls[customer_id] = (record_id, date)
        Message = self.env["mail.message"]
        Activity = self.env["mail.activity"]
        readable_messages = set(
            Message.browse(
                {i for ids in done.values() for i in ids}
                | {record_id for record_id, _date in calls.values()}
            )
            ._filtered_access("read")
            .ids
        )
        readable_activities = set(
            Activity.browse({i for ids in planned.values() for i in ids})
            ._filtered_access("read")
            .ids
        )
        for partner in self:
            customer = partner.commercial_partner_id.id
            partner.crm_pme_360_done_message_ids = Message.browse(
                [i for i in done[customer] if i in readable_messages]
            )
            partner.crm_pme_360_planned_activity_ids = Activity.browse(
                [i for i in planned[customer] if i in readable_activities]
            )
            call_id, call_date = calls.get(customer, (0, False))
            partner.crm_pme_360_last_call_date = (
                call_date if call_id in readable_messages else False
            )

    def _crm_pme_360_activity_rows(self, customer_ids):
        """[(kind, customer id, record id, date, rank)] in the order shown:
        kind is "done" (the messages of the last done activities, newest
        first), "planned" (the next activities, soonest first) or "call"
        (the last done call)."""
        self.env["mail.message"].flush_model(["model", "res_id", "date"])
        self.env["mail.activity"].flush_model(
            ["res_model", "res_id", "date_deadline", "active"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        documents = [
            SQL(
                "SELECT commercial_partner_id AS customer, 'res.partner' AS model, "
                "id AS res_id FROM res_partner "
                "WHERE commercial_partner_id = ANY(%s)",
                customer_ids,
            )
        ]
        for model, table, column in CUSTOMER_DOCUMENTS:
            self.env[model].flush_model([column])
            if column == "partner_id":
                # The document's partner may be a contact of the customer.
                documents.append(
                    SQL(
                        "SELECT p.commercial_partner_id, %s, d.id FROM %s d "
                        "JOIN res_partner p ON p.id = d.partner_id "
                        "WHERE p.commercial_partner_id = ANY(%s)",
                        model,
                        SQL.identifier(table),
                        customer_ids,
                    )
                )
            else:
                documents.append(
                    SQL(
                        "SELECT %s, %s, id FROM %s WHERE %s = ANY(%s)",
                        SQL.identifier(column),
                        model,
                        SQL.identifier(table),
                        SQL.identifier(column),
                        customer_ids,
                    )
                )
        self.env.cr.execute(
            SQL(
                """
                WITH documents AS MATERIALIZED (%(documents)s),
                done AS (
                    SELECT d.customer, m.id, m.date, t.category,
                           row_number() OVER (
                               PARTITION BY d.customer ORDER BY m.date DESC, m.id DESC
                           ) AS rank,
                           row_number() OVER (
                               PARTITION BY d.customer, t.category = 'phonecall'
                               ORDER BY m.date DESC, m.id DESC
                           ) AS rank_in_kind
                      FROM documents d
                      JOIN mail_message m
                        ON m.model = d.model AND m.res_id = d.res_id
                      JOIN mail_activity_type t ON t.id = m.mail_activity_type_id
                ),
                planned AS (
                    SELECT d.customer, a.id, a.date_deadline,
                           row_number() OVER (
                               PARTITION BY d.customer
                               ORDER BY a.date_deadline, a.id
                           ) AS rank
                      FROM documents d
                      JOIN mail_activity a
                        ON a.res_model = d.model AND a.res_id = d.res_id
                     WHERE a.active
                )
                SELECT 'done', customer, id, date, rank FROM done
                 WHERE rank <= %(limit)s
                 UNION ALL
                SELECT 'call', customer, id, date, 1 FROM done
                 WHERE category = 'phonecall' AND rank_in_kind = 1
                 UNION ALL
                SELECT 'planned', customer, id, NULL, rank FROM planned
                 WHERE rank <= %(limit)s
                 ORDER BY 1, 2, 5
                """,
                documents=SQL(" UNION ALL ").join(documents),
                limit=ACTIVITY_LIMIT,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _crm_pme_360_company_domain(self):
        """The documents whose amounts the customer file adds up: those of
        the current company, so that every figure is in one currency (with
        several companies selected, switch company to see another's)."""
        return [("company_id", "=", self.env.company.id)]

    def _crm_pme_invoice_figures(self, commercial):
        """Revenue of the last 12 months (crm_pme_base's invoiced revenue),
        outstanding and overdue amounts (crm_pme_base's overdue amount, the
        same as the sales portfolio's) per commercial partner, of the
        current company and in its currency (the moves' signed amounts are
        in their company's currency); empty without the right to read
        invoices."""
        Move = self.env["account.move"]
        if not commercial or not Move.has_access("read"):
            return {}, {}, {}
        today = fields.Date.context_today(self)
        base = [
            ("commercial_partner_id", "in", commercial.ids),
            ("state", "=", "posted"),
            *self._crm_pme_360_company_domain(),
        ]
        # crm_pme_base's invoiced revenue, over the last 12 months: the
        # customer's, like every other revenue figure of the suite.
        figures = commercial._crm_pme_invoiced_revenue(
            self.env.company, *last_12_months(today)
        )
        revenue = {self.browse(key[0]): amount for key, amount in figures.items()}
        open_domain = base + [
            ("move_type", "=", "out_invoice"),
            ("payment_state", "in", ("not_paid", "partial")),
        ]
        outstanding = dict(
            Move._read_group(
                open_domain,
                ["commercial_partner_id"],
                ["amount_residual_signed:sum"],
            )
        )
        overdue = {
            self.browse(key[0]): amount
            for key, amount in commercial._crm_pme_overdue_amounts(
                self.env.company, today
            ).items()
        }
        return revenue, outstanding, overdue

    def action_crm_pme_new_ticket(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New ticket"),
            "res_model": "helpdesk.ticket",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_partner_id": self.id,
                "default_partner_name": self.name,
                "default_partner_email": self.email,
            },
        }

    def action_crm_pme_view_interventions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_pme_aftersales.crm_pme_intervention_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_crm_pme_view_open_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_pme_aftersales.helpdesk_ticket_action"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id),
            ("stage_id.closed", "=", False),
        ]
        action["context"] = {"default_partner_id": self.id}
        return action
