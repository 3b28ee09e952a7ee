# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import format_datetime, html2plaintext

from odoo.addons.crm_pme_base.models.crm_pme_lifecycle_event import LIFECYCLE_STATES


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # The customer's sector and lifecycle in the ticket's company (both are
    # per company on the partner), stored for grouping and filtering and
    # recomputed when the lifecycle job or a user changes them.
    crm_pme_sector_id = fields.Many2one(
        "crm.pme.sector",
        compute="_compute_crm_pme_customer_state",
        string="Customer sector",
        store=True,
        index=True,
    )
    crm_pme_lifecycle_state = fields.Selection(
        LIFECYCLE_STATES,
        compute="_compute_crm_pme_customer_state",
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

    @api.depends(
        "commercial_partner_id.sector_id",
        "commercial_partner_id.lifecycle_state",
        "company_id",
    )
    def _compute_crm_pme_customer_state(self):
        # Stored computes run as superuser: the values read are the
        # partner's in the ticket's company, never the reader's.
        for ticket in self:
            partner = ticket.commercial_partner_id
            if not partner:
                ticket.crm_pme_sector_id = False
                ticket.crm_pme_lifecycle_state = False
                continue
            in_company = partner.with_company(ticket.company_id or self.env.company)
            ticket.crm_pme_sector_id = in_company.sector_id.id
            ticket.crm_pme_lifecycle_state = in_company.lifecycle_state

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
    def _cron_crm_pme_check_sla(self):
        """Flag the tickets whose SLA expired and store when; mark the
        tickets whose deadline comes within a few hours. Each ticket gets a
        note in its chatter; each team leader gets one message listing their
        tickets, whatever their number. Returns the number of breaches.

        A breach is what helpdesk_mgmt_sla calls expired (its ``expired``
        search on the ticket's SLAs), so the flag and OCA's "SLA expired"
        agree."""
        now = fields.Datetime.now()
        TicketSla = self.env["helpdesk.ticket.sla"]
        expired = TicketSla.search(
            [
                ("ticket_id.crm_pme_sla_breached", "=", False),
                ("expired", "=", True),
            ]
        )
        breaches = {}
        for ticket_sla in expired:
            ticket = ticket_sla.ticket_id
            date = ticket_sla.deadline or now
            breaches[ticket] = min(breaches.get(ticket, date), date)
        for date in set(breaches.values()):
            self.browse(
                [ticket.id for ticket, when in breaches.items() if when == date]
            ).write({"crm_pme_sla_breached": True, "crm_pme_sla_breach_date": date})
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
        warnings = {}
        for ticket_sla in soon:
            ticket = ticket_sla.ticket_id
            date = ticket_sla.deadline
            warnings[ticket] = min(warnings.get(ticket, date), date)
        soon.ticket_id.write({"crm_pme_sla_warned": True})
        self._crm_pme_notify_sla(breaches, warnings)
        return len(breaches)

    @api.model
    def _crm_pme_notify_sla(self, breaches, warnings):
        """A note on each ticket, and one message per team leader listing
        the breached and soon-due tickets of their teams, in the leader's
        language and time zone."""
        by_leader = defaultdict(lambda: ([], []))
        for position, tickets in enumerate((breaches, warnings)):
            for ticket, date in tickets.items():
                leader = ticket.team_id.user_id
                when = format_datetime(
                    self.env, date, tz=leader.tz or "Europe/Paris", dt_format="short"
                )
                if position == 0:
                    body = self.env._(
                        "The SLA of this ticket was breached on %(date)s.", date=when
                    )
                else:
                    body = self.env._(
                        "The SLA of this ticket expires on %(date)s.", date=when
                    )
                ticket.message_post(
                    body=body,
                    message_type="notification",
                    subtype_xmlid="mail.mt_note",
                )
                if leader:
                    by_leader[leader][position].append((ticket, date))
        for leader, (breached, due) in by_leader.items():
            env = self.with_context(lang=leader.lang, tz=leader.tz).env
            body = env["ir.qweb"]._render(
                "crm_pme_aftersales.crm_pme_sla_digest",
                {
                    "breached": breached,
                    "due": due,
                    "format_date": lambda date, env=env, leader=leader: format_datetime(
                        env,
                        date,
                        tz=leader.tz or "Europe/Paris",
                        dt_format="short",
                    ),
                },
            )
            # sudo: the cron's user may not be allowed to notify the leader;
            # one message, to the team leader's own partner only.
            self.env["mail.thread"].sudo().message_notify(
                partner_ids=leader.partner_id.ids,
                subject=env._("SLA of your helpdesk tickets"),
                body=body,
                subtype_xmlid="mail.mt_note",
                email_layout_xmlid="mail.mail_notification_light",
            )
