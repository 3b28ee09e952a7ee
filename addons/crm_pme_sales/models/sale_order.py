from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import formatLang

# Written only by _crm_pme_confirm_despite_overdue(), after its group check.
OVERRIDE_FIELDS = (
    "crm_pme_overdue_override_user_id",
    "crm_pme_overdue_override_date",
    "crm_pme_overdue_override_reason",
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    sector_id = fields.Many2one(
        "crm.pme.sector",
        compute="_compute_sector_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        ondelete="set null",
        domain="[('company_id', 'in', [company_id or current_company_id])]",
        help="Sector of the customer's company.",
    )

    crm_pme_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company currency"
    )
    crm_pme_overdue_amount = fields.Monetary(
        string="Customer overdue amount",
        compute="_compute_crm_pme_overdue",
        currency_field="crm_pme_company_currency_id",
    )
    crm_pme_overdue_date = fields.Date(
        string="Customer overdue since", compute="_compute_crm_pme_overdue"
    )
    crm_pme_overdue_blocked = fields.Boolean(
        string="Blocked by overdue invoices",
        compute="_compute_crm_pme_overdue",
        help="The customer's overdue amount exceeds the company's threshold: "
        "only a sales manager can confirm this order.",
    )
    crm_pme_overdue_override_user_id = fields.Many2one(
        "res.users",
        string="Overdue block overridden by",
        readonly=True,
        copy=False,
        help="Sales manager who confirmed this order despite the customer's "
        "overdue invoices.",
    )
    crm_pme_overdue_override_date = fields.Datetime(
        string="Overdue block overridden on", readonly=True, copy=False
    )
    crm_pme_overdue_override_reason = fields.Text(
        string="Reason for overriding the overdue block", readonly=True, copy=False
    )

    @api.depends("partner_id", "company_id")
    def _compute_sector_id(self):
        """The sector of the customer's company in the order's company (a
        partner shared by the companies has a sector in each)."""
        for order in self:
            if order.partner_id:
                order.sector_id = order.partner_id._crm_pme_get_sector(
                    order.company_id or self.env.company
                )

    @api.depends("sector_id")
    def _compute_user_id(self):
        """The customer's salesperson first, then the sector's, then (as in
        core) the current user."""
        res = super()._compute_user_id()
        for order in self:
            if order._origin.id and order._origin.user_id or not order.partner_id:
                continue
            partner = order.partner_id
            customer_user = partner.user_id or partner.commercial_partner_id.user_id
            user, _team = order.sector_id._crm_pme_assignment(
                order.company_id, customer_user, order.team_id
            )
            # The customer's salesperson is core's choice already.
            if user and user != customer_user:
                order.user_id = user
        return res

    @api.depends("sector_id")
    def _compute_team_id(self):
        """The sector's team when the salesperson is the sector's or one of
        the team's members (or when there is no salesperson)."""
        res = super()._compute_team_id()
        if self.env.context.get("default_team_id"):
            return res
        for order in self:
            _user, team = order.sector_id._crm_pme_assignment(
                order.company_id, order.user_id, order.team_id
            )
            if team != order.team_id:
                order.team_id = team
        return res

    @api.depends("partner_id", "company_id")
    def _compute_crm_pme_overdue(self):
        overdue = self.partner_id._crm_pme_overdue_by_company(
            self.company_id | self.env.company
        )
        for order in self:
            company = order.company_id or self.env.company
            amount, _oldest, due = overdue.get(
                (order.partner_id.commercial_partner_id.id, company.id),
                (0.0, None, False),
            )
            order.crm_pme_overdue_amount = amount
            order.crm_pme_overdue_date = due
            order.crm_pme_overdue_blocked = bool(
                company.crm_pme_overdue_block
                and amount > 0
                and company.currency_id.compare_amounts(
                    amount, company.crm_pme_overdue_threshold
                )
                > 0
            )

    @api.model_create_multi
    def create(self, vals_list):
        if any(set(OVERRIDE_FIELDS) & vals.keys() for vals in vals_list):
            self._crm_pme_refuse_override_write()
        return super().create(vals_list)

    def write(self, vals):
        if set(OVERRIDE_FIELDS) & vals.keys():
            self._crm_pme_refuse_override_write()
        return super().write(vals)

    def action_confirm(self):
        # Compute the overdue figures of the whole batch at once.
        self.fetch(["partner_id", "company_id"])
        self.mapped("crm_pme_overdue_blocked")
        return super().action_confirm()

    def action_draft(self):
        # An override was given for one confirmation: a quotation set back to
        # draft needs a new one (the chatter keeps the old one).
        overridden = self.filtered("crm_pme_overdue_override_date")
        res = super().action_draft()
        # sudo: clearing the override log, which write() refuses to users;
        # only those fields, of the orders the user just reset to draft.
        overridden.filtered(lambda order: order.state == "draft").sudo().write(
            dict.fromkeys(OVERRIDE_FIELDS, False)
        )
        return res

    def _confirmation_error_message(self):
        error = super()._confirmation_error_message()
        if error or not self.crm_pme_overdue_blocked:
            return error
        if self._crm_pme_overdue_override_granted():
            return False
        return self.env._(
            "%(customer)s has %(amount)s of overdue invoices, above the limit of "
            "%(threshold)s: settle them first, or ask a sales manager to "
            "confirm %(order)s anyway.",
            customer=self.partner_id.commercial_partner_id.display_name,
            amount=self._crm_pme_format_amount(self.crm_pme_overdue_amount),
            threshold=self._crm_pme_format_amount(
                self.company_id.crm_pme_overdue_threshold
            ),
            order=self.name,
        )

    def _crm_pme_overdue_override_granted(self):
        """A blocked order is confirmed only by a sales manager, once the
        override is logged on it (who, when, why). No context key counts."""
        self.ensure_one()
        return bool(
            self.crm_pme_overdue_override_date
            and self.crm_pme_overdue_override_reason
            and self.env.user.has_group("sales_team.group_sale_manager")
        )

    def _crm_pme_format_amount(self, amount):
        return formatLang(
            self.env, amount, currency_obj=self.crm_pme_company_currency_id
        )

    def action_crm_pme_confirm_overdue(self):
        """Ask the sales manager why the orders blocked by overdue invoices
        are confirmed anyway, then confirm them (see the wizard)."""
        self._crm_pme_ensure_overdue_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Confirm despite overdue invoices"),
            "res_model": "crm.pme.overdue.override",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    def _crm_pme_ensure_overdue_manager(self):
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(
                self.env._(
                    "Only a sales manager can confirm an order of a customer "
                    "whose overdue invoices exceed the limit."
                )
            )

    def _crm_pme_refuse_override_write(self):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "The overdue override of an order is recorded only by a "
                    "sales manager's 'Confirm despite overdue' action, with a "
                    "reason."
                )
            )

    def _crm_pme_confirm_despite_overdue(self, reason):
        """Confirm self; the orders blocked by overdue invoices are confirmed
        anyway, with the override logged on each (who, when, why). Sales
        managers only; a reason is required."""
        self._crm_pme_ensure_overdue_manager()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Give the reason for confirming despite the overdue "
                    "invoices: it is logged on the order."
                )
            )
        blocked = self.filtered("crm_pme_overdue_blocked")
        # sudo: the override log is written here only, after the group check
        # above; write() refuses these fields to everyone else.
        blocked.sudo().write(
            {
                "crm_pme_overdue_override_user_id": self.env.uid,
                "crm_pme_overdue_override_date": fields.Datetime.now(),
                "crm_pme_overdue_override_reason": reason,
            }
        )
        for order in blocked:
            order.message_post(
                body=Markup("%s<br/>%s")
                % (
                    self.env._(
                        "Confirmed by %(user)s despite %(amount)s of overdue "
                        "invoices (limit %(threshold)s).",
                        user=self.env.user.name,
                        amount=order._crm_pme_format_amount(
                            order.crm_pme_overdue_amount
                        ),
                        threshold=order._crm_pme_format_amount(
                            order.company_id.crm_pme_overdue_threshold
                        ),
                    ),
                    self.env._("Reason: %(reason)s", reason=reason),
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return self.action_confirm()
