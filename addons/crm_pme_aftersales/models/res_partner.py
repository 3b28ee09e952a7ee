# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


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

    def _crm_pme_invoice_figures(self, commercial):
        """Revenue of the last 12 months, outstanding and overdue amounts
        (company currency) per commercial partner; empty without the right
        to read invoices."""
        Move = self.env["account.move"]
        if not commercial or not Move.has_access("read"):
            return {}, {}, {}
        today = fields.Date.context_today(self)
        base = [
            ("commercial_partner_id", "in", commercial.ids),
            ("state", "=", "posted"),
            ("company_id", "in", self.env.companies.ids),
        ]
        revenue = dict(
            Move._read_group(
                base
                + [
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("invoice_date", ">=", today - relativedelta(months=12)),
                ],
                ["commercial_partner_id"],
                ["amount_untaxed_signed:sum"],
            )
        )
        open_domain = base + [
            ("move_type", "=", "out_invoice"),
            ("payment_state", "in", ("not_paid", "partial")),
        ]
        outstanding = {}
        overdue = {}
        for partner, late, amount in Move._read_group(
            open_domain,
            ["commercial_partner_id", "invoice_date_due:day"],
            ["amount_residual_signed:sum"],
        ):
            outstanding[partner] = outstanding.get(partner, 0.0) + amount
            if late and late < today:
                overdue[partner] = overdue.get(partner, 0.0) + amount
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
