from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import MarketingCase


@tagged("post_install", "-at_install")
class TestOffer(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        Product = cls.env["product.product"]
        cls.chair = Product.create(
            {"name": "Chaise Offre Mkt", "list_price": 100.0, "taxes_id": False}
        )
        cls.desk = Product.create(
            {"name": "Bureau Offre Mkt", "list_price": 400.0, "taxes_id": False}
        )
        cls.order = (
            cls.env["sale.order"]
            .with_company(cls.company_a)
            .create(
                {
                    "partner_id": cls.pro.id,
                    "company_id": cls.company_a.id,
                    "user_id": cls.user.id,
                }
            )
        )

    def _offer(self, start, end, activate=True):
        form = Form(self.env["crm.pme.offer"].with_user(self.manager))
        form.name = "Offre Mkt Printemps"
        form.date_start = start
        form.date_end = end
        with form.line_ids.new() as line:
            line.product_id = self.chair
            line.quantity = 4
            line.price_unit = 80.0
        with form.line_ids.new() as line:
            line.product_id = self.desk
            line.discount = 25.0
        offer = form.save()
        if activate:
            offer.action_activate()
        return offer

    def _apply(self, offer, user=None):
        order = self.order.with_user(user or self.user)
        form = Form(order)
        form.crm_pme_offer_id = offer
        form.save()
        return order.action_crm_pme_apply_offer()

    def test_active_offer_added_to_quotation(self):
        offer = self._offer(self.today - timedelta(days=1), self.today + timedelta(10))
        self._apply(offer)
        lines = self.order.order_line
        self.assertEqual(lines.product_id, self.chair | self.desk)
        chair_line = lines.filtered(lambda line: line.product_id == self.chair)
        self.assertEqual(chair_line.product_uom_qty, 4)
        self.assertEqual(chair_line.price_unit, 80.0)
        desk_line = lines.filtered(lambda line: line.product_id == self.desk)
        self.assertEqual(desk_line.price_unit, 400.0)
        self.assertEqual(desk_line.discount, 25.0)
        # 4 x 80 + 400 x 0.75 = 620
        self.assertEqual(self.order.amount_untaxed, 620.0)

    def test_expired_or_future_offer_refused(self):
        expired = self._offer(self.today - timedelta(30), self.today - timedelta(1))
        with self.assertRefused(UserError, "expired on"):
            self._apply(expired)
        future = self._offer(self.today + timedelta(1), self.today + timedelta(30))
        with self.assertRefused(UserError, "not valid yet"):
            self._apply(future)
        draft = self._offer(self.today, self.today, activate=False)
        with self.assertRefused(UserError, "is not active"):
            self.order.crm_pme_offer_id = draft
            self.order.action_crm_pme_apply_offer()
        self.assertFalse(self.order.order_line)

    def test_refused_inputs(self):
        Offer = self.env["crm.pme.offer"].with_user(self.manager)
        with self.assertRefused(ValidationError, "ends before it starts"):
            Offer.create(
                {
                    "name": "Offre Mkt Dates",
                    "date_start": self.today,
                    "date_end": self.today - timedelta(1),
                }
            )
        with self.assertRefused(ValidationError, "between 0 and 100"):
            Offer.create(
                {
                    "name": "Offre Mkt Remise",
                    "date_end": self.today,
                    "line_ids": [
                        (0, 0, {"product_id": self.chair.id, "discount": 120})
                    ],
                }
            )
        empty = Offer.create({"name": "Offre Mkt Vide", "date_end": self.today})
        with self.assertRefused(UserError, "at least one product"):
            empty.action_activate()
        self.assertEqual(empty.state, "draft")
        self.assertFalse(
            Offer.search([("name", "in", ("Offre Mkt Dates", "Offre Mkt Remise"))])
        )

    def test_access(self):
        offer = self._offer(self.today, self.today + timedelta(1))
        self.assertEqual(offer.with_user(self.user).state, "active")
        with self.assertRaises(AccessError):
            offer.with_user(self.user).write({"name": "Offre Mkt Pirate"})
        self.assertFalse(
            self.env["crm.pme.offer"]
            .with_user(self.user_b)
            .search([("name", "like", "Offre Mkt")])
        )
