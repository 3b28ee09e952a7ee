from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

OFFER_STATES = [
    ("draft", "Draft"),
    ("active", "In force"),
    ("closed", "Closed"),
]


class CrmPmeOffer(models.Model):
    """A commercial offer: products at an offer price or with a discount,
    valid between two dates, for a target segment."""

    _name = "crm.pme.offer"
    _description = "Commercial offer"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    description = fields.Html()
    state = fields.Selection(
        OFFER_STATES, required=True, default="draft", tracking=True, copy=False
    )
    date_start = fields.Date(
        string="Valid from",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_end = fields.Date(string="Valid until", required=True, tracking=True)
    segment_id = fields.Many2one(
        "crm.pme.segment", string="Target segment", check_company=True
    )
    line_ids = fields.One2many(
        "crm.pme.offer.line", "offer_id", string="Products", copy=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for offer in self:
            if offer.date_end < offer.date_start:
                raise ValidationError(
                    self.env._(
                        "The offer %(offer)s ends before it starts: set a "
                        "validity end on or after %(start)s.",
                        offer=offer.name,
                        start=offer.date_start,
                    )
                )

    def action_activate(self):
        for offer in self:
            if not offer.line_ids:
                raise UserError(
                    self.env._(
                        "Add at least one product to the offer %(offer)s before "
                        "activating it.",
                        offer=offer.name,
                    )
                )
        self.state = "active"
        return True

    def action_close(self):
        self.state = "closed"
        return True

    def action_draft(self):
        self.state = "draft"
        return True

    def _ensure_valid_on(self, day):
        """Refuse the offer unless active and valid on ``day`` (a guard
        called by the quotation's button, not a constraint)."""
        self.ensure_one()
        if self.state != "active":
            raise UserError(
                self.env._(
                    "The offer %(offer)s is not active: activate it first.",
                    offer=self.name,
                )
            )
        if day < self.date_start:
            raise UserError(
                self.env._(
                    "The offer %(offer)s is not valid yet: it starts on %(start)s.",
                    offer=self.name,
                    start=self.date_start,
                )
            )
        if day > self.date_end:
            raise UserError(
                self.env._(
                    "The offer %(offer)s expired on %(end)s.",
                    offer=self.name,
                    end=self.date_end,
                )
            )
