import base64
from datetime import datetime

from odoo import api
from odoo.service.model import get_public_method
from odoo.tests import new_test_user

from odoo.addons.crm_pme_base.tests.common import CrmPmeCase

# A 1x1 transparent PNG: enough for a signature in tests.
SIGNATURE = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
    )
)


class AftersalesCase(CrmPmeCase):
    """CrmPmeCase plus two technicians, a support user (CRM PME user and
    helpdesk user), a customer, parts and a helpdesk team of the first
    company, and a technician of the second company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company_a = cls.company_a.id
        cls.tech = new_test_user(
            cls.env,
            login="as_tech_paul",
            groups="crm_pme_aftersales.crm_pme_group_technician",
            company_id=company_a,
            company_ids=[company_a],
            name="Paul Technicien",
        )
        cls.tech_2 = new_test_user(
            cls.env,
            login="as_tech_jeanne",
            groups="crm_pme_aftersales.crm_pme_group_technician",
            company_id=company_a,
            company_ids=[company_a],
            name="Jeanne Technicienne",
        )
        cls.support = new_test_user(
            cls.env,
            login="as_support",
            groups="crm_pme_base.crm_pme_group_user,helpdesk_mgmt.group_helpdesk_user",
            company_id=company_a,
            company_ids=[company_a],
            name="Sophie Support",
        )
        cls.tech_b = new_test_user(
            cls.env,
            login="as_tech_nantes",
            groups="crm_pme_aftersales.crm_pme_group_technician",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
            name="Nina Nantes",
        )
        cls.customer = cls.env["res.partner"].create(
            cls._company_vals("Chaudronnerie Dauphinoise AS", "38000", "Grenoble")
        )
        cls.customer_b = cls.env["res.partner"].create(
            cls._company_vals(
                "Biscuiterie Nantaise AS",
                "44000",
                "Nantes",
                company_id=cls.company_b.id,
            )
        )
        Product = cls.env["product.product"]
        cls.part_valve = Product.create(
            {"name": "Vanne AS 3/4", "type": "consu", "list_price": 42.5}
        )
        cls.part_seal = Product.create(
            {"name": "Joint AS torique", "type": "consu", "list_price": 3.0}
        )
        cls.labour = Product.create(
            {"name": "Main d'œuvre AS", "type": "service", "list_price": 60.0}
        )

    @classmethod
    def _intervention(cls, user=None, **vals):
        values = {
            "partner_id": cls.customer.id,
            "company_id": cls.company_a.id,
            "technician_id": cls.tech.id,
            "planned_start": datetime(2026, 3, 2, 9, 0),
            "planned_duration": 2.0,
            "service_product_id": cls.labour.id,
        }
        values.update(vals)
        model = cls.env["crm.pme.intervention"]
        if user:
            model = model.with_user(user)
        return model.create(values)

    @staticmethod
    def _rpc(user, records, method, *args, context=None):
        """Call ``method`` on ``records`` as ``user`` the way the web client
        and the external API do: public methods only, any context."""
        model = records.with_user(user)
        function = get_public_method(model, method)
        # @api.model methods (create...) take no ids.
        ids = [] if getattr(function, "_api", None) else [records.ids]
        return api.call_kw(model, method, [*ids, *args], {"context": context or {}})
