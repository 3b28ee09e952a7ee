from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmPmeOfferLine(models.Model):
    _name = "crm.pme.offer.line"
    _description = "Commercial offer product"
    _order = "offer_id, sequence, id"
    _check_company_auto = True

    offer_id = fields.Many2one(
        "crm.pme.offer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="offer_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product",
        required=True,
        check_company=True,
        domain=[("sale_ok", "=", True)],
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    price_unit = fields.Float(
        string="Offer price",
        digits="Product Price",
        help="Leave empty to keep the price of the pricelist.",
    )
    discount = fields.Float(string="Discount (%)", digits="Discount")

    @api.constrains("discount", "price_unit", "quantity")
    def _check_values(self):
        for line in self:
            if not 0 <= line.discount <= 100 or line.price_unit < 0:
                raise ValidationError(
                    self.env._(
                        "%(product)s: the discount must be between 0 and 100 %% "
                        "and the offer price cannot be negative.",
                        product=line.product_id.display_name,
                    )
                )
            if line.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "%(product)s: the quantity must be positive.",
                        product=line.product_id.display_name,
                    )
                )

    def _prepare_sale_line_vals(self, order):
        self.ensure_one()
        vals = {
            "order_id": order.id,
            "product_id": self.product_id.id,
            "product_uom_qty": self.quantity,
            "discount": self.discount,
        }
        if self.price_unit:
            vals["price_unit"] = self.price_unit
        return vals
