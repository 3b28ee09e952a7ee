# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import html2plaintext


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    crm_pme_sector_id = fields.Many2one(
        related="commercial_partner_id.sector_id",
        string="Customer sector",
        store=True,
        index=True,
    )
    crm_pme_lifecycle_state = fields.Selection(
        related="commercial_partner_id.lifecycle_state",
        string="Customer lifecycle",
        store=True,
    )
    intervention_ids = fields.One2many(
        "crm.pme.intervention", "ticket_id", string="Interventions"
    )
    intervention_count = fields.Integer(compute="_compute_intervention_count")
    crm_pme_sla_breached = fields.Boolean(
        string="SLA breached",
        readonly=True,
        copy=False,
        index=True,
        help="Set by the SLA check when a deadline passed before the ticket "
        "reached the SLA's stage.",
    )
    crm_pme_sla_breach_date = fields.Datetime(
        string="SLA breached on", readonly=True, copy=False
    )
    crm_pme_sla_warned = fields.Boolean(
        string="SLA warning sent", readonly=True, copy=False
    )
    crm_pme_kb_suggestion_ids = fields.Many2many(
        "crm.pme.kb.article",
        string="Suggested articles",
        compute="_compute_crm_pme_kb_suggestion_ids",
    )

    def _compute_intervention_count(self):
        counts = dict(
            self.env["crm.pme.intervention"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.intervention_count = counts.get(ticket, 0)

    @api.depends("name", "description")
    def _compute_crm_pme_kb_suggestion_ids(self):
        Article = self.env["crm.pme.kb.article"]
        for ticket in self:
            ticket.crm_pme_kb_suggestion_ids = Article._search_ranked(
                ticket._crm_pme_kb_search_text()
            )

    def _crm_pme_kb_search_text(self):
        self.ensure_one()
        return " ".join(
            filter(None, [self.name, html2plaintext(self.description or "")])
        )

    def action_crm_pme_insert_article(self):
        """Open the reply composer with the chosen article's text."""
        self.ensure_one()
        article = self.env["crm.pme.kb.article"].browse(
            self.env.context.get("crm_pme_article_id")
        )
        article.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_subject": self.name,
                "default_body": article.body,
                "default_message_type": "comment",
                "default_subtype_xmlid": "mail.mt_comment",
            },
        }

    def action_crm_pme_create_kb_article(self):
        """Turn a solved ticket into a knowledge base article draft."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.pme.kb.article",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_name": self.name,
                "default_body": self.description,
                "default_category_id": self.category_id.id,
                "default_tag_ids": self.tag_ids.ids,
                "default_company_id": self.company_id.id,
                "default_is_published": False,
            },
        }

    def action_crm_pme_new_intervention(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.pme.intervention",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_ticket_id": self.id,
                "default_partner_id": self.commercial_partner_id.id,
                "default_company_id": self.company_id.id,
            },
        }

    def action_crm_pme_view_interventions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_pme_aftersales.crm_pme_intervention_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {
            "default_ticket_id": self.id,
            "default_partner_id": self.commercial_partner_id.id,
        }
        return action

    @api.model
    def _crm_pme_sla_warning_delay(self):
        """Hours before a deadline at which the team leader is warned."""
        return 2.0

    @api.model
    def _cron_crm_pme_check_sla(self, now=None):
        """Flag the tickets whose SLA deadline passed, store when, and tell the
        team leader; warn them too when a deadline comes within a few hours.
        Two searches; then one write and one message per ticket flagged."""
        now = now or fields.Datetime.now()
        TicketSla = self.env["helpdesk.ticket.sla"]
        expired = TicketSla.search(
            [
                ("ticket_id.crm_pme_sla_breached", "=", False),
                "|",
                ("state", "=", "expired"),
                "&",
                ("state", "=", "in_progress"),
                ("deadline", "<", now),
            ]
        )
        breach_dates = {}
        for ticket_sla in expired:
            ticket = ticket_sla.ticket_id
            date = ticket_sla.deadline or now
            breach_dates[ticket] = min(breach_dates.get(ticket, date), date)
        for ticket, date in breach_dates.items():
            ticket.write(
                {"crm_pme_sla_breached": True, "crm_pme_sla_breach_date": date}
            )
            ticket._crm_pme_notify_leader(
                self.env._(
                    "The SLA of ticket %(ticket)s was breached on %(date)s.",
                    ticket=ticket.display_name,
                    date=date,
                )
            )
        soon = TicketSla.search(
            [
                ("ticket_id.crm_pme_sla_warned", "=", False),
                ("ticket_id.crm_pme_sla_breached", "=", False),
                ("state", "=", "in_progress"),
                ("deadline", ">=", now),
                (
                    "deadline",
                    "<",
                    now + timedelta(hours=self._crm_pme_sla_warning_delay()),
                ),
            ]
        )
        for ticket in soon.ticket_id:
            ticket.crm_pme_sla_warned = True
            deadline = min(
                soon.filtered(lambda s, t=ticket: s.ticket_id == t).mapped("deadline")
            )
            ticket._crm_pme_notify_leader(
                self.env._(
                    "The SLA of ticket %(ticket)s expires on %(date)s.",
                    ticket=ticket.display_name,
                    date=deadline,
                )
            )
        return len(breach_dates)

    def _crm_pme_notify_leader(self, body):
        self.ensure_one()
        leader = self.team_id.user_id
        self.message_post(
            body=body,
            partner_ids=leader.partner_id.ids,
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )
