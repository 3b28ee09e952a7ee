# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo data that XML cannot say: a French company with the French chart of
accounts, then three years of posted customer invoices dated from today.

Called once, by the <function> tags of demo/crm_pme_demo_company.xml and
demo/crm_pme_demo_invoices.xml, when crm_pme_base is installed with demo
data (Odoo never reloads demo files on a restart or an upgrade).
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

# The demo company: a Lyon office furniture wholesaler (fictitious SIREN with
# a valid Luhn key; NAF 46.65Z; Rhône, Auvergne-Rhône-Alpes).
DEMO_COMPANY = {
    "name": "Mobilier & Bureaux du Rhône",
    "street": "14 rue Garibaldi",
    "zip": "69006",
    "city": "Lyon",
    "phone": "+33 4 99 00 12 34",
    "email": "contact@mobilier-bureaux-rhone.fr",
    "website": "https://www.mobilier-bureaux-rhone.fr",
    "vat": "FR78834512071",
    "company_registry": "834 512 071 R.C.S. Lyon",
}
DEMO_COMPANY_SIREN = "834512071"
DEMO_COMPANY_NIC = "00012"
DEMO_COMPANY_NAF = "crm_pme_base.naf_46_65Z"
DEMO_TZ = "Europe/Paris"
DEMO_LANG = "fr_FR"

# What each demo company bought, as (profile, amount of a typical invoice).
# Profiles (see _crm_pme_demo_invoice_dates):
# - champion: every other month for three years (RFM champions);
# - loyal: every quarter for three years;
# - new: first bought in the last two months;
# - at_risk: bought for two years, nothing for 14 months;
# - lost_last_year: stopped buying so that the lifecycle turned "lost" in the
#   middle of last year (the dashboards' "customers lost last year");
# - lost: stopped buying 20 months ago.
# The companies not listed stay prospects.
DEMO_CUSTOMERS = {
    "res_partner_demo_cabinet_leroy": ("champion", 2400.0),
    "res_partner_demo_transports_rhodaniens": ("champion", 5200.0),
    "res_partner_demo_chantiers_estuaire": ("champion", 6800.0),
    "res_partner_demo_occitanie_composites": ("champion", 4100.0),
    "res_partner_demo_alpes_ingenierie": ("champion", 3300.0),
    "res_partner_demo_nuage_numerique": ("loyal", 3900.0),
    "res_partner_demo_issy_data": ("loyal", 2800.0),
    "res_partner_demo_egn": ("loyal", 1900.0),
    "res_partner_demo_logistique_saint_priest": ("loyal", 4600.0),
    "res_partner_demo_merignac_aero": ("loyal", 3100.0),
    "res_partner_demo_textiles_nord": ("loyal", 2200.0),
    "res_partner_demo_provence_nettoyage": ("loyal", 1500.0),
    "res_partner_demo_rennes_solutions": ("loyal", 2600.0),
    "res_partner_demo_alsace_energies": ("loyal", 3500.0),
    "res_partner_demo_nantes_web_studio": ("new", 1800.0),
    "res_partner_demo_informatique_rhenane": ("new", 2300.0),
    "res_partner_demo_seine_conseil_rh": ("new", 1200.0),
    "res_partner_demo_gourmets_tolbiac": ("at_risk", 950.0),
    "res_partner_demo_imprimerie_canuts": ("at_risk", 1700.0),
    "res_partner_demo_comptabilite_aquitaine": ("at_risk", 1300.0),
    "res_partner_demo_avocats_vauban": ("at_risk", 2100.0),
    "res_partner_demo_savonnerie_vieux_port": ("at_risk", 800.0),
    "res_partner_demo_vieux_strasbourg": ("lost_last_year", 700.0),
    "res_partner_demo_metallerie_messine": ("lost_last_year", 2900.0),
    "res_partner_demo_brasserie_flandres": ("lost_last_year", 1100.0),
    "res_partner_demo_garage_villeurbannais": ("lost", 1400.0),
    "res_partner_demo_platrerie_toulousaine": ("lost", 1600.0),
}
# Customers with unpaid invoices past their due date.
DEMO_OVERDUE = {
    "res_partner_demo_egn",
    "res_partner_demo_textiles_nord",
    "res_partner_demo_provence_nettoyage",
    "res_partner_demo_avocats_vauban",
}
# Customers with a credit note on one invoice (a returned item).
DEMO_CREDIT_NOTES = {
    "res_partner_demo_cabinet_leroy",
    "res_partner_demo_logistique_saint_priest",
    "res_partner_demo_imprimerie_canuts",
}
# The products of demo/product_demo.xml, with their list price.
DEMO_PRODUCTS = [
    "crm_pme_base.product_product_demo_desk",
    "crm_pme_base.product_product_demo_chair",
    "crm_pme_base.product_product_demo_cabinet",
    "crm_pme_base.product_product_demo_drawer",
    "crm_pme_base.product_product_demo_maintenance",
    "crm_pme_base.product_product_demo_layout",
]
# Invoices of the last 45 days are not paid yet (due in 30 days).
UNPAID_DAYS = 45


class CrmPmeDemo(models.AbstractModel):
    _name = "crm.pme.demo"
    _description = "CRM PME demo data"

    @api.model
    def _crm_pme_demo_invoice_dates(self, profile, today):
        """The dates of the invoices of a demo profile, oldest first."""
        months = relativedelta(months=1)
        if profile == "champion":
            return [
                today - k * months - relativedelta(days=3) for k in range(34, -1, -2)
            ]
        if profile == "loyal":
            return [
                today - k * months - relativedelta(days=9) for k in range(34, -1, -3)
            ]
        if profile == "new":
            return [today - relativedelta(days=50), today - relativedelta(days=12)]
        if profile == "at_risk":
            return [today - k * months for k in range(35, 13, -4)]
        if profile == "lost_last_year":
            # Lost 18 months after the last invoice (crm_pme_lost_months'
            # default): that is 1 July of last year.
            last = today.replace(year=today.year - 1, month=7, day=1) - relativedelta(
                months=18, days=1
            )
            return [last - k * months for k in range(12, -1, -4)]
        if profile == "lost":
            return [today - k * months for k in range(35, 19, -5)]
        return []

    @api.model
    def _crm_pme_demo_french_company(self):
        """Make the demo company a French PME: France, euros, the French
        chart of accounts and VAT, Paris time and French for its users."""
        company = self.env.ref("base.main_company")
        company.write(dict(DEMO_COMPANY, country_id=self.env.ref("base.fr").id))
        company.partner_id.write(
            {
                "siren": DEMO_COMPANY_SIREN,
                "nic": DEMO_COMPANY_NIC,
                "naf_id": self.env.ref(DEMO_COMPANY_NAF).id,
                "is_company": True,
            }
        )
        if company.chart_template != "fr":
            # On a demo database Odoo's account module has loaded its generic
            # chart with demo entries: loading the French chart replaces it
            # (Odoo deletes the demo entries) and sets the company's currency
            # to the euro. _load rather than try_loading: try_loading warns
            # when the registry is still loading, which it is here.
            self.env["account.chart.template"]._load("fr", company, install_demo=False)
        users = self.env.ref("base.user_admin") | self.env.ref(
            "base.user_demo", raise_if_not_found=False
        )
        values = {"tz": DEMO_TZ}
        if self.env["res.lang"]._lang_get(DEMO_LANG):
            values["lang"] = DEMO_LANG
            company.partner_id.lang = DEMO_LANG
        users.write(values)

    @api.model
    def _crm_pme_demo_invoices(self):
        """Post three years of customer invoices, pay the old ones, leave a
        few overdue, add credit notes, then run the lifecycle month by month
        so that its history is dated, and list the duplicates."""
        company = self.env.ref("base.main_company")
        today = fields.Date.context_today(self)
        Move = self.env["account.move"].with_company(company)
        journal = self.env["account.journal"].search(
            [
                ("type", "=", "sale"),
                *self.env["account.journal"]._check_company_domain(company),
            ],
            limit=1,
        )
        tax = company.account_sale_tax_id
        term = self.env.ref("account.account_payment_term_30days")
        products = [self.env.ref(xmlid) for xmlid in DEMO_PRODUCTS]
        plans = []
        for index, (xmlid, (profile, amount)) in enumerate(
            sorted(DEMO_CUSTOMERS.items())
        ):
            partner = self.env.ref(f"crm_pme_base.{xmlid}")
            for number, date in enumerate(
                self._crm_pme_demo_invoice_dates(profile, today)
            ):
                # Amounts vary from one invoice to the next, the same on
                # every install.
                factor = 0.7 + ((index * 7 + number * 3) % 7) / 10
                plans.append((date, xmlid, partner, round(amount * factor, -1), number))
        plans.sort(key=lambda plan: (plan[0], plan[1]))
        invoices = Move.create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "journal_id": journal.id,
                    "invoice_date": date,
                    "invoice_payment_term_id": term.id,
                    "invoice_line_ids": [
                        fields.Command.create(
                            {
                                "product_id": product.id,
                                "quantity": max(1, round(price / product.list_price)),
                                "price_unit": product.list_price,
                                "tax_ids": [fields.Command.set(tax.ids)],
                            }
                        )
                    ],
                }
                for date, xmlid, partner, price, number in plans
                for product in [products[(number + len(xmlid)) % len(products)]]
            ]
        )
        # One by one, oldest first: French sales journals number and chain
        # invoices in the order they are posted.
        for invoice in invoices:
            invoice.action_post()
        by_partner = {}
        for invoice, plan in zip(invoices, plans, strict=True):
            by_partner.setdefault(plan[1], self.env["account.move"])
            by_partner[plan[1]] |= invoice
        refunds = self._crm_pme_demo_credit_notes(by_partner, today)
        # Customers settle their invoices once a year (one payment per
        # customer and year of due date), except the last weeks' invoices and
        # the overdue ones: a few dozen payments rather than hundreds.
        to_pay = {}
        for xmlid, moves in by_partner.items():
            for invoice in moves:
                recent = invoice.invoice_date > today - relativedelta(days=UNPAID_DAYS)
                # The invoice before the last one: due two months ago.
                overdue = xmlid in DEMO_OVERDUE and invoice == moves[-2:][0]
                if invoice.payment_state == "not_paid" and not recent and not overdue:
                    key = (xmlid, invoice.invoice_date_due.year)
                    to_pay.setdefault(key, self.env["account.move"])
                    to_pay[key] |= invoice
        for _key, group in sorted(to_pay.items()):
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=group.ids
            ).create(
                {
                    "payment_date": min(max(group.mapped("invoice_date_due")), today),
                    "group_payment": True,
                }
            )._create_payments()
        self._crm_pme_demo_lifecycle(today)
        self._crm_pme_demo_customer_since()
        Duplicate = self.env["crm.pme.duplicate"]
        Duplicate._crm_pme_insert_pairs(
            self.env["res.partner"].search(Duplicate._crm_pme_job_domain()), today
        )
        return invoices | refunds

    @api.model
    def _crm_pme_demo_credit_notes(self, by_partner, today):
        """A credit note on the oldest invoice of some customers."""
        refunds = self.env["account.move"]
        for xmlid in sorted(DEMO_CREDIT_NOTES):
            invoice = by_partner[xmlid][0]
            refund = invoice._reverse_moves(
                [
                    {
                        "invoice_date": invoice.invoice_date + relativedelta(days=10),
                        "ref": self.env._("Returned item"),
                    }
                ]
            )
            line = refund.invoice_line_ids[:1]
            line.quantity = max(1, line.quantity // 4)
            refund.action_post()
            # Posting a credit note of an invoice may already have settled
            # it against the invoice: reconcile only what is left open.
            open_lines = (invoice | refund).line_ids.filtered(
                lambda line: (
                    line.account_type == "asset_receivable" and not line.reconciled
                )
            )
            if len(open_lines.move_id) == 2:
                open_lines.reconcile()
            refunds |= refund
        return refunds

    @api.model
    def _crm_pme_demo_lifecycle(self, today):
        """Run the lifecycle as the daily job would have, once a month for
        three years, so that each transition is dated when it happened."""
        Partner = self.env["res.partner"]
        for months in range(36, 0, -1):
            Partner._crm_pme_recompute_lifecycle(
                today=today - relativedelta(months=months)
            )
        Partner._cron_crm_pme_lifecycle()

    @api.model
    def _crm_pme_demo_customer_since(self):
        """'Customer since' agrees with the lifecycle: empty for a prospect,
        no later than the first invoice for a customer, that invoice's date
        for a new customer."""
        first_dates = dict(
            self.env["account.move"]._read_group(
                [("move_type", "=", "out_invoice"), ("state", "=", "posted")],
                ["commercial_partner_id"],
                ["invoice_date:min"],
            )
        )
        partners = self.env["res.partner"].search(
            [("is_company", "=", True), ("parent_id", "=", False)]
        )
        # A new customer's file says since when: its first invoice.
        new_customers = self.env["res.partner"].browse(
            self.env.ref(f"crm_pme_base.{xmlid}").id
            for xmlid, (profile, _amount) in DEMO_CUSTOMERS.items()
            if profile == "new"
        )
        for partner in partners:
            first = first_dates.get(partner)
            if partner.lifecycle_state == "prospect":
                if partner.customer_since:
                    partner.customer_since = False
            elif first and (
                not partner.customer_since
                or partner.customer_since > first
                or partner in new_customers
            ):
                partner.customer_since = first
