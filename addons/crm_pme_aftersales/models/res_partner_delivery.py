# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    """The customer's deliveries in the customer file, when Inventory is
    installed.

    A registry check rather than a bridge add-on: Inventory is optional for
    the suite (a service company leaves it out), these figures are computed
    on display and stored nowhere, so nothing needs installing or upgrading
    when Inventory comes or goes; the group of the customer file hides
    itself without it."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    crm_pme_360_has_deliveries = fields.Boolean(
        string="Inventory installed", compute="_compute_crm_pme_360_deliveries"
    )
    crm_pme_360_open_delivery_count = fields.Integer(
        string="Deliveries to make",
        compute="_compute_crm_pme_360_deliveries",
        help="Delivery notes to the customer not yet done or cancelled.",
    )
    crm_pme_360_late_delivery_count = fields.Integer(
        string="Late deliveries",
        compute="_compute_crm_pme_360_deliveries",
        help="Deliveries to make whose scheduled date is past.",
    )

    def _crm_pme_360_delivery_domain(self, commercial):
        return [
            ("partner_id.commercial_partner_id", "in", commercial.ids),
            ("picking_type_code", "=", "outgoing"),
            ("state", "not in", ("draft", "done", "cancel")),
        ]

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_crm_pme_360_deliveries(self):
        """Two _read_group for the page: open deliveries by customer, and
        the late ones."""
        Picking = self.env.get("stock.picking")
        has_stock = Picking is not None and Picking.has_access("read")
        open_counts, late_counts = {}, {}
        commercial = self.commercial_partner_id
        if has_stock and commercial:
            domain = self._crm_pme_360_delivery_domain(commercial)
            late = [("scheduled_date", "<", fields.Datetime.now())]
            for counts, where in ((open_counts, domain), (late_counts, domain + late)):
                for partner, count in Picking._read_group(
                    where, ["partner_id"], ["__count"]
                ):
                    customer = partner.commercial_partner_id
                    counts[customer] = counts.get(customer, 0) + count
        for partner in self:
            customer = partner.commercial_partner_id
            partner.crm_pme_360_has_deliveries = has_stock
            partner.crm_pme_360_open_delivery_count = open_counts.get(customer, 0)
            partner.crm_pme_360_late_delivery_count = late_counts.get(customer, 0)

    def action_crm_pme_view_deliveries(self):
        """The customer's deliveries to make (Inventory's list)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_picking_tree_all"
        )
        action["domain"] = self._crm_pme_360_delivery_domain(self.commercial_partner_id)
        action["context"] = {"create": False}
        return action
