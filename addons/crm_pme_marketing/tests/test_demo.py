from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoMarketing(TransactionCase):
    """On a database with demo data, the marketing screens are filled from
    crm_pme_base's demo invoices at install: RFM groups, the champions
    segment, the geo analysis, the phoning campaign's call list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("base.module_crm_pme_marketing").demo:
            cls.skipTest(cls, "no demo data")

    def test_rfm_groups_and_champions(self):
        champion = self.env.ref("crm_pme_base.res_partner_demo_cabinet_leroy")
        self.assertEqual(champion.rfm_segment, "champions")
        groups = self.env["res.partner"]._read_group(
            [("rfm_segment", "!=", False)], ["rfm_segment"], ["__count"]
        )
        self.assertGreaterEqual(len(groups), 3)
        self.assertGreaterEqual(sum(count for _segment, count in groups), 20)
        segment = self.env.ref("crm_pme_marketing.crm_pme_segment_demo_champions")
        self.assertGreater(segment.member_count, 0)
        self.assertIn(champion, segment._get_members())

    def test_geo_analysis_in_several_regions(self):
        groups = self.env["crm.pme.geo.report"]._read_group(
            [("country_id.code", "=", "FR")],
            ["region_id"],
            ["customer_count:sum", "revenue_12m:sum"],
        )
        with_customers = [
            region for region, customers, revenue in groups if customers and revenue
        ]
        self.assertGreaterEqual(len(with_customers), 2)

    def test_phoning_campaign_has_its_call_list(self):
        campaign = self.env.ref("crm_pme_marketing.crm_pme_campaign_demo_phoning")
        calls = self.env["crm.phonecall"].search(
            [("crm_pme_campaign_id", "=", campaign.id)]
        )
        self.assertTrue(calls or campaign.call_skipped_count)
