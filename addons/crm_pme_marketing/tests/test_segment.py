from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import MarketingCase


@tagged("post_install", "-at_install", "is_query_count")
class TestSegment(MarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.lyon = Partner.create(
            [cls._company_vals(f"Seg Mkt Lyon {n}", zip_code="69002") for n in range(3)]
        )
        cls.paris = Partner.create(
            cls._company_vals("Seg Mkt Paris", zip_code="75011", city="Paris")
        )
        cls.lyon_contact = Partner.create(
            {"name": "Seg Mkt Contact", "parent_id": cls.lyon[0].id}
        )
        cls.other_company = Partner.create(
            cls._company_vals(
                "Seg Mkt Nantes", zip_code="44000", company_id=cls.company_b.id
            )
        )

    def _domain(self, department):
        return repr(
            [
                ("name", "ilike", "Seg Mkt"),
                ("country_department_id", "=", department.id),
            ]
        )

    def test_manager_builds_segment_with_live_count(self):
        form = Form(self.env["crm.pme.segment"].with_user(self.manager))
        form.name = "Seg Mkt Rhône"
        self.assertEqual(form.target, "companies")
        form.domain = self._domain(self.rhone)
        self.assertEqual(form.member_count, 3)
        form.target = "all"
        self.assertEqual(form.member_count, 4)  # and the contact
        form.target = "contacts"
        self.assertEqual(form.member_count, 1)
        form.target = "companies"
        segment = form.save()
        self.assertEqual(segment.member_count, 3)
        action = segment.action_view_members()
        self.assertEqual(action["res_model"], "res.partner")
        members = self.env["res.partner"].search(action["domain"])
        self.assertEqual(members, self.lyon)

    def test_pme_fields_in_domain(self):
        self.lyon[0].write({"headcount_band": "11", "annual_revenue": 1_500_000})
        # The RFM group is per company: the segment reads its company's.
        self.lyon[1].with_company(self.company_a).rfm_segment = "champions"
        self.lyon[2].with_company(self.company_b).rfm_segment = "champions"
        segment = self.env["crm.pme.segment"].create(
            {
                "name": "Seg Mkt PME",
                "company_id": self.company_a.id,
                "domain": repr(
                    [
                        ("name", "ilike", "Seg Mkt"),
                        "|",
                        ("company_category", "=", "pme"),
                        ("rfm_segment", "=", "champions"),
                    ]
                ),
            }
        )
        self.assertEqual(segment._get_members(), self.lyon[:2])

    def test_invalid_domain_refused(self):
        Segment = self.env["crm.pme.segment"].with_user(self.manager)
        for domain in ["[('no_such_field', '=', 1)]", "[('name', '=',", "42"]:
            with self.subTest(domain=domain):
                with self.assertRefused(ValidationError, "is not valid"):
                    Segment.create({"name": "Seg Mkt Invalide", "domain": domain})
        self.assertFalse(Segment.search([("name", "=", "Seg Mkt Invalide")]))

    def test_access(self):
        segment = self.env["crm.pme.segment"].create(
            {
                "name": "Seg Mkt Accès",
                "domain": self._domain(self.rhone),
                "company_id": self.company_a.id,
            }
        )
        # A plain user reads the segments and their members...
        self.assertEqual(segment.with_user(self.user).member_count, 3)
        # ...but does not create them.
        with self.assertRaises(AccessError):
            self.env["crm.pme.segment"].with_user(self.user).create(
                {"name": "Seg Mkt Refusé"}
            )
        # The second company sees neither the segment nor, in its own
        # segments, the first company's contacts.
        Segment_b = self.env["crm.pme.segment"].with_user(self.user_b)
        self.assertFalse(Segment_b.search([("name", "like", "Seg Mkt")]))
        segment_b = Segment_b.create(
            {"name": "Seg Mkt B", "domain": repr([("name", "ilike", "Seg Mkt")])}
        )
        self.assertEqual(segment_b.company_id, self.company_b)
        self.assertEqual(segment_b._get_members(), self.other_company)
        self.assertEqual(segment_b.member_count, 1)

    def test_count_queries_flat(self):
        Segment = self.env["crm.pme.segment"].with_company(self.company_a)
        small = Segment.create(
            {"name": "Seg Mkt Petit", "domain": self._domain(self.rhone)}
        )
        self.env.flush_all()
        self.env.invalidate_all()
        count0 = self.env.cr.sql_log_count
        self.assertEqual(small.member_count, 3)
        small_count = self.env.cr.sql_log_count - count0
        self.env["res.partner"].create(
            [
                self._company_vals(f"Seg Mkt Lyon bis {n}", zip_code="69005")
                for n in range(60)
            ]
        )
        big = Segment.create(
            [
                {"name": f"Seg Mkt Grand {n}", "domain": self._domain(self.rhone)}
                for n in range(8)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            counts = big.mapped("member_count")
        self.assertEqual(counts, [63] * 8)
