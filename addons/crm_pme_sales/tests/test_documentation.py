import base64

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import CrmPmeSalesCase


@tagged("post_install", "-at_install")
class TestDocumentation(CrmPmeSalesCase):
    def test_brochure_reachable_from_menu(self):
        brochure = self.env["product.document"].create(
            {
                "name": "Plaquette SaaS test.pdf",
                "datas": base64.b64encode(b"%PDF-1.4 plaquette"),
                "res_model": "product.template",
                "res_id": self.product_saas.product_tmpl_id.id,
                "attached_on_sale": "sale_order",
                "company_id": self.company_a.id,
            }
        )
        self.env["ir.attachment"].create(
            {"name": "Pièce jointe hors catalogue.pdf", "res_model": "res.partner"}
        )
        menu = self.env.ref("crm_pme_sales.product_document_menu")
        self.assertEqual(
            menu.parent_id, self.env.ref("crm_pme_sales.crm_pme_sales_menu")
        )
        action = self.env.ref("crm_pme_sales.product_document_action")
        self.assertEqual(menu.action, action)
        found = (
            self.env["product.document"]
            .with_user(self.rep_lyon)
            .search(safe_eval(action.domain) + [("name", "like", "test")])
        )
        self.assertEqual(found, brochure)
        on_quote = found.search(
            [("id", "=", brochure.id), ("attached_on_sale", "!=", "hidden")]
        )
        self.assertEqual(on_quote, brochure)
