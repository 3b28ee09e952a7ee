# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmPmeInterventionLine(models.Model):
    _name = "crm.pme.intervention.line"
    _description = "Part used in an intervention"
    _order = "intervention_id, sequence, id"
    _check_company_auto = True

    intervention_id = fields.Many2one(
        "crm.pme.intervention", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="intervention_id.company_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product", string="Part", required=True, check_company=True
    )
    name = fields.Char(
        string="Description",
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    price_unit = fields.Float(
        string="Unit price",
        digits="Product Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
    )
    currency_id = fields.Many2one(related="intervention_id.currency_id")
    subtotal = fields.Monetary(compute="_compute_subtotal", store=True)

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            line.name = line.product_id.display_name or line.name

    @api.depends("product_id")
    def _compute_price_unit(self):
        for line in self:
            line.price_unit = line.product_id.lst_price

    @api.depends("quantity", "price_unit")
    def _compute_subtotal(self):
        for line in self:
            line.subtotal = line.quantity * line.price_unit

    @api.constrains("quantity", "price_unit")
    def _check_positive(self):
        for line in self:
            if line.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "The quantity of %(part)s must be positive (got %(qty)s).",
                        part=line.product_id.display_name,
                        qty=line.quantity,
                    )
                )
            if line.price_unit < 0:
                raise ValidationError(
                    self.env._(
                        "The unit price of %(part)s cannot be negative.",
                        part=line.product_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self.env["crm.pme.intervention"].browse(
                {vals.get("intervention_id") for vals in vals_list} - {None, False}
            )._ensure_not_invoiced()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            interventions = self.intervention_id
            if vals.get("intervention_id"):
                interventions |= interventions.browse(vals["intervention_id"])
            interventions._ensure_not_invoiced()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        if not self.env.su:
            self.intervention_id._ensure_not_invoiced()
