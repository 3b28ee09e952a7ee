from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools.misc import formatLang


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

    @api.depends("partner_id")
    def _compute_sector_id(self):
        for order in self:
            sector = order.partner_id.commercial_partner_id.sector_id
            if order.partner_id:
                order.sector_id = sector

    @api.depends("sector_id")
    def _compute_user_id(self):
        """The customer's salesperson first, then the sector's, then (as in
        core) the current user."""
        res = super()._compute_user_id()
        for order in self:
            if order._origin.id and order._origin.user_id:
                continue
            partner = order.partner_id
            sector_user = order.sector_id.user_id
            if (
                partner
                and sector_user
                and not (partner.user_id or partner.commercial_partner_id.user_id)
            ):
                order.user_id = sector_user
        return res

    @api.depends("sector_id")
    def _compute_team_id(self):
        """The sector's team when the salesperson is the sector's or one of
        the team's members (or when there is no salesperson)."""
        res = super()._compute_team_id()
        if self.env.context.get("default_team_id"):
            return res
        for order in self:
            team = order.sector_id.team_id
            if not team or order.team_id == team:
                continue
            user = order.user_id
            if (
                not user
                or user == order.sector_id.user_id
                or user in (team.member_ids | team.user_id)
            ):
                order.team_id = team
        return res

    @api.depends("partner_id", "company_id")
    @api.depends_context("company")
    def _compute_crm_pme_overdue(self):
        overdue = self.partner_id._crm_pme_overdue_by_company()
        for order in self:
            amount, oldest = overdue.get(
                order.partner_id.commercial_partner_id.id, (0.0, None)
            )
            company = order.company_id or self.env.company
            order.crm_pme_overdue_amount = amount
            order.crm_pme_overdue_date = oldest.invoice_date_due if oldest else False
            order.crm_pme_overdue_blocked = bool(
                company.crm_pme_overdue_block
                and amount > 0
                and company.currency_id.compare_amounts(
                    amount, company.crm_pme_overdue_threshold
                )
                > 0
            )

    def action_confirm(self):
        # Compute the overdue figures of the whole batch at once.
        self.fetch(["partner_id", "company_id"])
        self.mapped("crm_pme_overdue_blocked")
        return super().action_confirm()

    def _confirmation_error_message(self):
        error = super()._confirmation_error_message()
        if error or not self.crm_pme_overdue_blocked:
            return error
        if self.env.context.get("crm_pme_overdue_override"):
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

    def _crm_pme_format_amount(self, amount):
        return formatLang(
            self.env, amount, currency_obj=self.crm_pme_company_currency_id
        )

    def action_crm_pme_confirm_overdue(self):
        """Confirm orders blocked by overdue invoices: sales managers only,
        logged on each order."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(
                self.env._(
                    "Only a sales manager can confirm an order of a customer "
                    "whose overdue invoices exceed the limit."
                )
            )
        for order in self.filtered("crm_pme_overdue_blocked"):
            order.message_post(
                body=self.env._(
                    "Confirmed by %(user)s despite %(amount)s of overdue "
                    "invoices (limit %(threshold)s).",
                    user=self.env.user.name,
                    amount=order._crm_pme_format_amount(order.crm_pme_overdue_amount),
                    threshold=order._crm_pme_format_amount(
                        order.company_id.crm_pme_overdue_threshold
                    ),
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return self.with_context(crm_pme_overdue_override=True).action_confirm()
