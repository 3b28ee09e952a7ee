# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.duration import billable_hours, worked_hours

# Fields that only the action methods write (see _write_workflow): the
# buttons' rules (signature before closing, invoicing rights...) cannot be
# skipped by writing them directly.
WORKFLOW_FIELDS = frozenset({"state", "invoice_id"})


class CrmPmeIntervention(models.Model):
    _name = "crm.pme.intervention"
    _description = "Intervention"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "planned_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    ticket_id = fields.Many2one("helpdesk.ticket", index=True, check_company=True)
    intervention_type = fields.Selection(
        [("on_site", "On site"), ("remote", "Remote")],
        string="Type",
        required=True,
        default="on_site",
        tracking=True,
    )
    address_id = fields.Many2one(
        "res.partner",
        compute="_compute_address_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    technician_id = fields.Many2one(
        "res.users",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    planned_start = fields.Datetime(tracking=True)
    planned_duration = fields.Float(default=1.0, help="Planned duration, in hours.")
    planned_stop = fields.Datetime(
        compute="_compute_planned_stop", store=True, string="Planned end"
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("planned", "Planned"),
            ("in_progress", "In progress"),
            ("done", "Done"),
            ("invoiced", "Invoiced"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    session_ids = fields.One2many(
        "crm.pme.intervention.session", "intervention_id", string="Time sessions"
    )
    is_running = fields.Boolean(compute="_compute_is_running")
    worked_hours = fields.Float(compute="_compute_worked_hours", store=True)
    line_ids = fields.One2many(
        "crm.pme.intervention.line", "intervention_id", string="Parts", copy=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    parts_amount = fields.Monetary(compute="_compute_parts_amount", store=True)
    work_report = fields.Html()
    signature = fields.Image(
        string="Customer signature", copy=False, max_width=1024, max_height=1024
    )
    signed_by = fields.Char(copy=False, tracking=True)
    signed_on = fields.Datetime(copy=False, tracking=True)
    billable = fields.Boolean(default=True)
    service_product_id = fields.Many2one(
        "product.product",
        string="Labour product",
        default=lambda self: self._default_service_product_id(),
        check_company=True,
        domain="[('type', '=', 'service')]",
    )
    invoiced_hours = fields.Float(
        compute="_compute_invoiced_hours",
        help="Worked hours rounded up to the next quarter of an hour.",
    )
    invoice_id = fields.Many2one("account.move", readonly=True, copy=False, index=True)

    @api.model
    def _default_service_product_id(self):
        return self.env.ref(
            "crm_pme_aftersales.product_product_intervention_labour",
            raise_if_not_found=False,
        )

    @api.depends("partner_id")
    def _compute_address_id(self):
        for intervention in self:
            partner = intervention.partner_id
            if partner:
                intervention.address_id = partner.address_get(["delivery"])["delivery"]
            else:
                intervention.address_id = False

    @api.depends("planned_start", "planned_duration")
    def _compute_planned_stop(self):
        for intervention in self:
            if intervention.planned_start:
                intervention.planned_stop = intervention.planned_start + timedelta(
                    hours=intervention.planned_duration or 0.0
                )
            else:
                intervention.planned_stop = False

    @api.depends("session_ids.stop")
    def _compute_is_running(self):
        for intervention in self:
            intervention.is_running = any(
                session.start and not session.stop
                for session in intervention.session_ids
            )

    @api.depends("session_ids.start", "session_ids.stop")
    def _compute_worked_hours(self):
        for intervention in self:
            intervention.worked_hours = worked_hours(
                [(s.start, s.stop) for s in intervention.session_ids]
            )

    @api.depends("line_ids.subtotal")
    def _compute_parts_amount(self):
        for intervention in self:
            intervention.parts_amount = sum(intervention.line_ids.mapped("subtotal"))

    @api.depends("worked_hours")
    def _compute_invoiced_hours(self):
        for intervention in self:
            intervention.invoiced_hours = billable_hours(intervention.worked_hours)

    @api.constrains("planned_duration")
    def _check_planned_duration(self):
        for intervention in self:
            if intervention.planned_duration < 0:
                raise ValidationError(
                    self.env._(
                        "The planned duration of %(name)s cannot be negative.",
                        name=intervention.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                sequence = self.env["ir.sequence"]
                if vals.get("company_id"):
                    sequence = sequence.with_company(vals["company_id"])
                vals["name"] = sequence.next_by_code("crm.pme.intervention") or "/"
        interventions = super().create(vals_list)
        # Checked on the records, so that default_state or default_invoice_id
        # in the context are refused as well; the error undoes the creation.
        if not self.env.su and any(
            intervention.state != "draft" or intervention.invoice_id
            for intervention in interventions
        ):
            raise UserError(self._workflow_error_message())
        return interventions

    def write(self, vals):
        if not self.env.su:
            if WORKFLOW_FIELDS.intersection(vals):
                raise UserError(self._workflow_error_message())
            if set(vals) - self._get_fields_writable_when_invoiced():
                self._ensure_not_invoiced()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        if any(
            intervention.invoice_id or intervention.state == "invoiced"
            for intervention in self
        ):
            raise UserError(
                self.env._(
                    "An invoiced intervention cannot be deleted; cancel its "
                    "invoice first."
                )
            )

    def _workflow_error_message(self):
        return self.env._(
            "The state and the invoice of an intervention change only through "
            "its buttons (Plan, Start, Close, Invoice, Cancel)."
        )

    @api.model
    def _get_fields_writable_when_invoiced(self):
        """Fields still written on an invoiced intervention: the chatter's
        and the activities' (messages, followers, attachments)."""
        return set(self.env["mail.thread"]._fields) | set(
            self.env["mail.activity.mixin"]._fields
        )

    def _ensure_not_invoiced(self):
        """Refuse any change to invoiced interventions (their sessions and
        parts too): the invoice was made from them."""
        invoiced = self.filtered(lambda i: i.state == "invoiced")
        if invoiced:
            raise UserError(
                self.env._(
                    "%(names)s is invoiced: it can no longer be changed, nor "
                    "its time sessions and parts. To correct it, cancel its "
                    "invoice, then a CRM PME manager clicks Reopen.",
                    names=", ".join(invoiced.mapped("name")),
                )
            )

    def _write_workflow(self, vals):
        """Write the workflow fields (state, invoice) for an action method,
        after its own checks: the only way they change for a user."""
        self.check_access("write")
        # sudo: write() refuses the workflow fields from users so that no RPC
        # call skips the buttons' rules; the calling action checked them and
        # the user's right to write these interventions just above.
        self.sudo().write(vals)

    def _ensure_state(self, allowed, action):
        for intervention in self:
            if intervention.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(action)s is not possible on %(name)s in its current state.",
                        action=action,
                        name=intervention.name,
                    )
                )

    def action_plan(self):
        self._ensure_state(("draft",), self.env._("Planning"))
        for intervention in self:
            if not intervention.technician_id or not intervention.planned_start:
                raise UserError(
                    self.env._(
                        "Set a technician and a planned start on %(name)s "
                        "before planning it.",
                        name=intervention.name,
                    )
                )
        self._write_workflow({"state": "planned"})
        return True

    def action_start(self):
        self._ensure_state(("draft", "planned", "in_progress"), self.env._("Starting"))
        now = fields.Datetime.now()
        for intervention in self:
            if intervention.is_running:
                raise UserError(
                    self.env._(
                        "%(name)s is already running: stop it first.",
                        name=intervention.name,
                    )
                )
            intervention.write(
                {
                    "session_ids": [
                        Command.create(
                            {"start": now, "user_id": self.env.user.id},
                        )
                    ],
                }
            )
            intervention._write_workflow({"state": "in_progress"})
        return True

    def action_stop(self):
        self._ensure_state(("in_progress",), self.env._("Stopping"))
        now = fields.Datetime.now()
        open_sessions = self.session_ids.filtered(lambda s: not s.stop)
        if not open_sessions:
            raise UserError(self.env._("There is no running session to stop."))
        open_sessions.write({"stop": now})
        return True

    def action_done(self):
        self._ensure_state(("in_progress",), self.env._("Closing"))
        for intervention in self:
            if intervention.intervention_type == "on_site" and not (
                intervention.signature and intervention.signed_by
            ):
                raise UserError(
                    self.env._(
                        "%(name)s is an on-site intervention: the customer must "
                        "sign and give their name before it is closed.",
                        name=intervention.name,
                    )
                )
        now = fields.Datetime.now()
        self.session_ids.filtered(lambda s: not s.stop).write({"stop": now})
        for intervention in self.filtered(lambda i: i.signature and not i.signed_on):
            intervention.signed_on = now
        self._write_workflow({"state": "done"})
        return True

    def action_cancel(self):
        self._ensure_state(
            ("draft", "planned", "in_progress"), self.env._("Cancelling")
        )
        self.session_ids.filtered(lambda s: not s.stop).write(
            {"stop": fields.Datetime.now()}
        )
        self._write_workflow({"state": "cancelled"})
        return True

    def action_draft(self):
        self._ensure_state(("cancelled",), self.env._("Resetting to draft"))
        self._write_workflow({"state": "draft"})
        return True

    def _prepare_invoice_line_vals(self):
        self.ensure_one()
        lines = []
        hours = self.invoiced_hours
        if hours and self.service_product_id:
            lines.append(
                Command.create(
                    {
                        "product_id": self.service_product_id.id,
                        "name": self.env._(
                            "%(name)s - labour (%(hours).2f h)",
                            name=self.name,
                            hours=hours,
                        ),
                        "quantity": hours,
                        "price_unit": self.service_product_id.lst_price,
                    }
                )
            )
        for line in self.line_ids:
            lines.append(
                Command.create(
                    {
                        "product_id": line.product_id.id,
                        "name": line.name or line.product_id.display_name,
                        "quantity": line.quantity,
                        "price_unit": line.price_unit,
                    }
                )
            )
        return lines

    def _prepare_invoice_vals(self):
        self.ensure_one()
        return {
            "move_type": "out_invoice",
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "invoice_origin": self.name,
            "ref": self.ticket_id.display_name if self.ticket_id else self.name,
            "invoice_line_ids": self._prepare_invoice_line_vals(),
        }

    def action_create_invoice(self):
        """Create the customer invoice of a done, billable intervention: the
        worked time at the labour product's price plus the parts. Once only."""
        self.ensure_one()
        if self.invoice_id:
            raise UserError(
                self.env._(
                    "%(name)s is already invoiced (%(invoice)s); it cannot be "
                    "invoiced twice.",
                    name=self.name,
                    invoice=self.invoice_id.display_name,
                )
            )
        if not self.billable:
            raise UserError(self.env._("%(name)s is not billable.", name=self.name))
        self._ensure_state(("done",), self.env._("Invoicing"))
        if not self.env["account.move"].has_access("create"):
            raise AccessError(
                self.env._(
                    "Only users allowed to create invoices can invoice an intervention."
                )
            )
        lines = self._prepare_invoice_line_vals()
        if not lines:
            raise UserError(
                self.env._(
                    "%(name)s has neither worked time nor parts to invoice.",
                    name=self.name,
                )
            )
        invoice = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(self._prepare_invoice_vals())
        )
        self._write_workflow({"invoice_id": invoice.id, "state": "invoiced"})
        return self.action_view_invoice()

    def action_reopen(self):
        """The correction path of an invoiced intervention: once its invoice
        is cancelled (or deleted as a draft), a CRM PME manager puts it back
        to done, where it can be corrected and invoiced again."""
        if not self.env.user.has_group("crm_pme_base.crm_pme_group_manager"):
            raise AccessError(
                self.env._(
                    "Only a CRM PME manager can reopen an invoiced intervention."
                )
            )
        self._ensure_state(("invoiced",), self.env._("Reopening"))
        for intervention in self:
            # sudo: only the state of the linked invoice, to know whether it
            # was cancelled; a manager may have no accounting rights.
            invoice = intervention.invoice_id.sudo()
            if invoice and invoice.state != "cancel":
                raise UserError(
                    self.env._(
                        "%(name)s is invoiced by %(invoice)s: cancel that "
                        "invoice first, then reopen the intervention.",
                        name=intervention.name,
                        invoice=invoice.display_name,
                    )
                )
        self._write_workflow({"state": "done", "invoice_id": False})
        return True

    def action_view_invoice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.invoice_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_print(self):
        self.ensure_one()
        return self.env.ref(
            "crm_pme_aftersales.crm_pme_intervention_report_action"
        ).report_action(self)
