from contextlib import contextmanager
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

# SIRETs with valid checksums (Luhn over 14 digits, SIREN Luhn too).
SIRET_A = "73282932000074"
SIRET_B = "55208131766522"
SIREN_LA_POSTE = "356000000"


class CrmPmeCase(TransactionCase):
    """Two companies of our own (so that demo data never interferes), a
    plain user and a manager in the first, a user in the second, and the
    geography of a few sectors."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.fr = cls.env.ref("base.fr")
        cls.company_a = cls.env["res.company"].create(
            {"name": "PME Test Lyon", "country_id": cls.fr.id}
        )
        cls.company_b = cls.env["res.company"].create(
            {"name": "PME Test Nantes", "country_id": cls.fr.id}
        )
        # Work in the first company, as its users do: sectors and lifecycles
        # are per company and read in the current one. (Not by context:
        # with_user() keeps the context, and the other users are not in it.)
        cls.env.user.write(
            {"company_ids": [(4, cls.company_a.id)], "company_id": cls.company_a.id}
        )
        cls.user = new_test_user(
            cls.env,
            login="crm_pme_user",
            groups="crm_pme_base.crm_pme_group_user",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
            name="Ulysse Utilisateur",
        )
        cls.manager = new_test_user(
            cls.env,
            login="crm_pme_manager",
            groups="crm_pme_base.crm_pme_group_manager",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
            name="Marie Responsable",
        )
        cls.user_b = new_test_user(
            cls.env,
            login="crm_pme_user_b",
            groups="crm_pme_base.crm_pme_group_manager",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
            name="Bruno Nantes",
        )
        cls.rep_lyon = new_test_user(
            cls.env,
            login="rep_lyon",
            groups="crm_pme_base.crm_pme_group_user",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
            name="Léa Lyon",
        )
        cls.rep_region = new_test_user(
            cls.env,
            login="rep_region",
            groups="crm_pme_base.crm_pme_group_user",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
            name="Rémi Région",
        )
        ref = cls.env.ref
        cls.ara = ref("l10n_fr_state.res_country_state_auvergne")
        cls.idf = ref("l10n_fr_state.res_country_state_iledefrance")
        cls.rhone = ref("l10n_fr_department.res_country_department_rhone")
        cls.isere = ref("l10n_fr_department.res_country_department_isere")
        cls.paris = ref("l10n_fr_department.res_country_department_paris")
        Sector = cls.env["crm.pme.sector"]
        cls.sector_region = Sector.create(
            {
                "name": "Rhône-Alpes",
                "code": "RA",
                "company_id": cls.company_a.id,
                "user_id": cls.rep_region.id,
                "rule_ids": [(0, 0, {"rule_type": "region", "region_id": cls.ara.id})],
            }
        )
        cls.sector_rhone = Sector.create(
            {
                "name": "Rhône",
                "code": "69",
                "company_id": cls.company_a.id,
                "user_id": cls.rep_lyon.id,
                "rule_ids": [
                    (0, 0, {"rule_type": "department", "department_id": cls.rhone.id})
                ],
            }
        )
        cls.sector_lyon = Sector.create(
            {
                "name": "Lyon centre",
                "code": "LYC",
                "company_id": cls.company_a.id,
                "user_id": cls.rep_lyon.id,
                "rule_ids": [(0, 0, {"rule_type": "postcode", "zip_prefix": "6900"})],
            }
        )
        cls.sector_france = Sector.create(
            {
                "name": "France",
                "code": "FR",
                "company_id": cls.company_a.id,
                "rule_ids": [(0, 0, {"rule_type": "country", "country_id": cls.fr.id})],
            }
        )
        cls.sector_b = Sector.create(
            {
                "name": "Nantes",
                "code": "NA",
                "company_id": cls.company_b.id,
                "rule_ids": [(0, 0, {"rule_type": "country", "country_id": cls.fr.id})],
            }
        )

    @contextmanager
    def assertRefused(self, exception, pattern):
        """assertRaises (which rolls back to a savepoint, so that the test can
        check nothing was written) and the message matches ``pattern``."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), pattern)

    @classmethod
    def _company_vals(cls, name, zip_code="69003", city="Lyon", **extra):
        vals = {
            "name": name,
            "is_company": True,
            "company_id": cls.company_a.id,
            "country_id": cls.fr.id,
            "street": "12 rue de la République",
            "zip": zip_code,
            "city": city,
        }
        vals.update(extra)
        return vals


class InvoicedRevenueCase(AccountTestInvoicingCommon):
    """A fixed data set for the invoiced revenue (tools/revenue.py), dated
    from today so that the figures of the last 12 months read it too.

    Company A (the test company, in its currency), for Revenu Partagé, a
    company shared by the companies, over the last 12 months: an invoice of
    1000 (60 days ago), an invoice of 200 to its buyer Jeanne (10 days
    ago), a credit note of 150 (5 days ago), an invoice of 1000 in another
    currency at 2 per unit of company currency (20 days ago: 500), one of 10
    on the first day of the period: 1560, 4 invoices, the last 10 days ago.
    Left out: an invoice of 20 the day before the period, one of 50 dated
    tomorrow, a draft of 777.
    Company B (in that other currency): an invoice of 300 to Revenu Partagé
    (30 days ago).
    Revenu Avoir, a customer of company A, has only a credit note of 80
    (3 days ago): -80, no invoice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("crm_pme_base.crm_pme_group_manager")
        cls.revenue_company_a = cls.company_data["company"]
        # A currency other than company A's, at 2 per unit of company A's.
        code = "CHF" if cls.revenue_company_a.currency_id.name == "EUR" else "EUR"
        cls.foreign = cls.setup_other_currency(code, rates=[("2000-01-01", 2.0)])
        cls.revenue_company_b = cls.setup_other_company(
            name="Revenu PME Nantes", currency_id=cls.foreign.id
        )["company"]
        cls.env.user.company_ids |= cls.revenue_company_b
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.period = (
            cls.today - relativedelta(months=12) + timedelta(days=1),
            cls.today,
        )
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {"name": "Revenu Partagé", "is_company": True, "company_id": False}
        )
        cls.buyer = Partner.create({"name": "Jeanne", "parent_id": cls.customer.id})
        cls.refund_only = Partner.create(
            {
                "name": "Revenu Avoir",
                "is_company": True,
                "company_id": cls.revenue_company_a.id,
            }
        )
        for partner, days, amount, extra in [
            (cls.customer, 60, 1000.0, {}),
            (cls.buyer, 10, 200.0, {}),
            (cls.customer, 5, 150.0, {"move_type": "out_refund"}),
            (cls.customer, 20, 1000.0, {"currency": cls.foreign}),
            (cls.refund_only, 3, 80.0, {"move_type": "out_refund"}),
            (cls.customer, -1, 50.0, {}),
            (cls.customer, 30, 300.0, {"company": cls.revenue_company_b}),
            (cls.customer, 45, 777.0, {"post": False}),
        ]:
            cls._revenue_move(
                partner, cls.today - timedelta(days=days), amount, **extra
            )
        cls._revenue_move(cls.customer, cls.period[0], 10.0)
        cls._revenue_move(cls.customer, cls.period[0] - timedelta(days=1), 20.0)

    @classmethod
    def _revenue_move(
        cls, partner, invoice_date, amount, move_type="out_invoice", post=True, **kw
    ):
        return cls.init_invoice(
            move_type,
            partner=partner,
            invoice_date=invoice_date,
            amounts=[amount],
            taxes=[],
            post=post,
            **kw,
        )


class CustomerFiguresCase(AccountTestInvoicingCommon):
    """A fixed data set for the overdue amount (tools/figures.py), dated from
    today.

    Company A (the test company), for Retard Partagé, a company shared by
    the companies: an invoice of 1000 due 40 days ago (the oldest), an
    invoice of 400 to its buyer Jules due 10 days ago with 100 paid (300
    left), a credit note of 150 due 5 days ago (-150), an invoice of 600 in
    another currency at 2 per unit of company currency due 20 days ago
    (300): 1450 overdue. Left out: an invoice of 500 due 30 days ago and
    paid, one of 700 due today, one of 250 due tomorrow, a draft of 999 due
    50 days ago.
    Company B (in that other currency): an invoice of 80 due 15 days ago.
    Retard Avoir, a customer of company A, has only a credit note of 60 due
    3 days ago: -60, no oldest invoice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("crm_pme_base.crm_pme_group_manager")
        cls.figures_company_a = cls.company_data["company"]
        code = "CHF" if cls.figures_company_a.currency_id.name == "EUR" else "EUR"
        cls.foreign = cls.setup_other_currency(code, rates=[("2000-01-01", 2.0)])
        cls.figures_company_b = cls.setup_other_company(
            name="Retard PME Nantes", currency_id=cls.foreign.id
        )["company"]
        cls.env.user.company_ids |= cls.figures_company_b
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {"name": "Retard Partagé", "is_company": True, "company_id": False}
        )
        cls.buyer = Partner.create({"name": "Jules", "parent_id": cls.customer.id})
        cls.refund_only = Partner.create(
            {
                "name": "Retard Avoir",
                "is_company": True,
                "company_id": cls.figures_company_a.id,
            }
        )
        cls.oldest = cls._due_move(cls.customer, 40, 1000.0)
        cls._pay_move(cls._due_move(cls.buyer, 10, 400.0), 100.0)
        cls._due_move(cls.customer, 5, 150.0, move_type="out_refund")
        cls._due_move(cls.customer, 20, 600.0, currency=cls.foreign)
        paid = cls._due_move(cls.customer, 30, 500.0)
        cls._pay_move(paid, 500.0)
        cls._due_move(cls.customer, 0, 700.0)
        cls._due_move(cls.customer, -1, 250.0)
        cls._due_move(cls.customer, 50, 999.0, post=False)
        cls._due_move(cls.customer, 15, 80.0, company=cls.figures_company_b)
        cls._due_move(cls.refund_only, 3, 60.0, move_type="out_refund")

    @classmethod
    def _due_move(
        cls, partner, days_ago, amount, move_type="out_invoice", post=True, **kw
    ):
        """A customer invoice or credit note issued and due ``days_ago``
        days ago."""
        day = cls.today - timedelta(days=days_ago)
        move = cls.init_invoice(
            move_type,
            partner=partner,
            invoice_date=min(day, cls.today),
            amounts=[amount],
            taxes=[],
            **kw,
        )
        move.write({"invoice_payment_term_id": False, "invoice_date_due": day})
        if post:
            move.action_post()
        return move

    @classmethod
    def _pay_move(cls, move, amount):
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"amount": amount})._create_payments()
