from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DashboardCase


@tagged("post_install", "-at_install")
class TestWinBackSegment(DashboardCase):
    """The headline's lost customers turned into a marketing segment.

    Beside DashboardCase's Bravo (Léa's, lost 30 days ago) and Echo
    (company 2): Foxtrot (Marc's, lost 100 days ago) and India (a person,
    Léa's, lost 40 days ago) are lost in the last 12 months; Golf was lost
    400 days ago; Hotel, lost 50 days ago, is archived."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "crm.pme.segment" not in cls.env:
            cls.skipTest(
                cls,
                "CRM PME - Marketing is not installed: the win-back segment is "
                "one of its segments",
            )
        Partner = cls.env["res.partner"]

        def lost(name, user, days, is_company=True):
            partner = Partner.create(
                {
                    "name": name,
                    "is_company": is_company,
                    "user_id": user.id,
                    "company_id": cls.company.id,
                }
            )
            cls.env["crm.pme.lifecycle.event"].sudo().create(
                {
                    "partner_id": partner.id,
                    "company_id": cls.company.id,
                    "date": cls.today - timedelta(days=days),
                    "new_state": "lost",
                }
            )
            return partner

        cls.foxtrot = lost("Foxtrot Tableau", cls.rep_2, 100)
        cls.india = lost("India Tableau", cls.rep, 40, is_company=False)
        cls.golf = lost("Golf Tableau", cls.rep, 400)
        cls.hotel = lost("Hotel Tableau", cls.rep, 50)
        cls.hotel.active = False
        cls.Segment = cls.env["crm.pme.segment"].sudo().with_context(active_test=False)

    def win_back(self, user, **filters):
        Dashboard = self.env["crm.pme.dashboard"].with_user(user)
        action = Dashboard.action_crm_pme_win_back_segment({**self.filters, **filters})
        self.assertEqual(action["res_model"], "crm.pme.segment")
        return self.env["crm.pme.segment"].with_user(user).browse(action["res_id"])

    def headline_lost(self, user, **filters):
        """The partners the headline counts as lost, and its count."""
        Dashboard = self.env["crm.pme.dashboard"].with_user(user)
        scope = Dashboard._dashboard_scope({**self.filters, **filters})
        ids = {row[0] for row in Dashboard._rows(Dashboard._sql_lost_customers(scope))}
        count = self.tiles(self.dashboard(user, **filters), "headline")["lost_count"]
        return self.env["res.partner"].with_context(active_test=False).browse(
            ids
        ), count

    def test_manager_creates_segment_of_headline_lost_customers(self):
        self.assertTrue(
            self.section(self.dashboard(self.manager), "headline")["win_back"]
        )
        for filters, expected in (
            ({}, self.bravo | self.foxtrot | self.india),
            ({"user_id": self.rep.id}, self.bravo | self.india),
            ({"user_id": self.rep_2.id}, self.foxtrot),
            ({"team_id": self.team.id}, self.bravo | self.foxtrot | self.india),
        ):
            with self.subTest(filters=filters):
                lost, count = self.headline_lost(self.manager, **filters)
                segment = self.win_back(self.manager, **filters)
                members = segment._get_members()
                self.assertEqual(members, expected)
                self.assertEqual(members, lost)
                self.assertEqual(len(members), count)
                self.assertEqual(segment.member_count, count)
                self.assertEqual(segment.company_id, self.company)
                self.assertNotIn(self.echo, members)

    def test_same_months_and_filters_give_the_same_segment(self):
        segment = self.win_back(self.manager)
        segment.sudo().action_archive()
        again = self.win_back(self.manager)
        self.assertEqual(again, segment)
        self.assertTrue(again.active)
        self.assertNotEqual(self.win_back(self.manager, user_id=self.rep.id), segment)
        self.assertEqual(
            self.Segment.search_count([("domain", "=", segment.domain)]), 1
        )

    def test_salesperson_without_segment_rights_refused(self):
        before = self.Segment.search_count([])
        self.assertFalse(self.section(self.dashboard(self.rep), "headline")["win_back"])
        with self.assertRaisesRegex(AccessError, "Only CRM PME managers"):
            self.win_back(self.rep)
        self.assertEqual(self.Segment.search_count([]), before)

    def test_second_company_lost_customers_never_appear(self):
        before = self.Segment.search_count([])
        # The manager works in the first company only.
        with self.assertRaises(AccessError):
            self.win_back(self.manager, company_id=self.company_2.id)
        self.assertEqual(self.Segment.search_count([]), before)
        both = new_test_user(
            self.env,
            login="dash_manager_both",
            groups="sales_team.group_sale_manager,crm_pme_base.crm_pme_group_manager",
            company_id=self.company.id,
            company_ids=[self.company.id, self.company_2.id],
        )
        segment = self.win_back(both)
        self.assertEqual(segment._get_members(), self.bravo | self.foxtrot | self.india)
        segment_2 = self.win_back(both, company_id=self.company_2.id)
        self.assertEqual(segment_2.company_id, self.company_2)
        self.assertEqual(segment_2._get_members(), self.echo)
