from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestHelpdesk(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader = cls.manager
        cls.calendar = cls._calendar("Horaires AS Lyon")
        cls.calendar_alsace = cls._calendar("Horaires AS Strasbourg")
        cls.stage_new = cls.env["helpdesk.ticket.stage"].create(
            {"name": "Nouveau AS", "sequence": 1, "company_id": False}
        )
        cls.stage_waiting = cls.env["helpdesk.ticket.stage"].create(
            {"name": "Attente client AS", "sequence": 5, "company_id": False}
        )
        cls.stage_solved = cls.env["helpdesk.ticket.stage"].create(
            {"name": "Résolu AS", "sequence": 20, "closed": True, "company_id": False}
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Support AS Lyon",
                "company_id": cls.company_a.id,
                "user_id": cls.leader.id,
                "user_ids": [Command.set([cls.support.id, cls.leader.id])],
                "use_sla": True,
                "resource_calendar_id": cls.calendar.id,
            }
        )
        (cls.stage_new | cls.stage_waiting | cls.stage_solved).team_ids = [
            Command.set(cls.team.ids)
        ]
        cls.team_alsace = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Support AS Strasbourg",
                "company_id": cls.company_a.id,
                "use_sla": True,
                "resource_calendar_id": cls.calendar_alsace.id,
                "crm_pme_alsace_moselle": True,
            }
        )
        cls.sla = cls.env["helpdesk.sla"].create(
            {
                "name": "Résolution AS 8 h",
                "team_ids": [Command.set(cls.team.ids)],
                "hours": 8,
                "stage_id": cls.stage_solved.id,
                "ignore_stage_ids": [Command.set(cls.stage_waiting.ids)],
            }
        )

    @classmethod
    def _calendar(cls, name):
        attendances = []
        for day in range(5):
            for hour_from, hour_to, period in (
                (8, 12, "morning"),
                (13, 17, "afternoon"),
            ):
                attendances.append(
                    Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                        }
                    )
                )
        return cls.env["resource.calendar"].create(
            {
                "name": name,
                "company_id": cls.company_a.id,
                "tz": "Europe/Paris",
                "attendance_ids": [Command.clear()] + attendances,
            }
        )

    def _leaves(self, calendar):
        return self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", calendar.id), ("resource_id", "=", False)]
        )

    def test_holidays_into_calendar(self):
        created = (self.team | self.team_alsace)._crm_pme_sync_holidays([2026])
        self.assertEqual(len(self._leaves(self.calendar)), 11)
        self.assertEqual(len(self._leaves(self.calendar_alsace)), 13)
        self.assertEqual(len(created), 24)
        ascension = self._leaves(self.calendar).filtered(
            lambda leave: leave.name == "Ascension"
        )
        self.assertEqual(ascension.date_from, datetime(2026, 5, 13, 22, 0))
        # Running again adds nothing.
        self.assertFalse(self.team._crm_pme_sync_holidays([2026]))
        # The cron covers this year and the next two.
        self.env["helpdesk.ticket.team"]._cron_crm_pme_sync_holidays()
        years = {leave.date_to.year for leave in self._leaves(self.calendar)}
        self.assertGreaterEqual(len(years), 3)

    @freeze_time("2026-03-01")
    def test_holidays_manager_only(self):
        """A helpdesk user with "own tickets" rights (a technician too) or a
        support user cannot add leaves to the calendars, whatever the context;
        a helpdesk manager and a CRM PME manager can."""
        own_tickets = new_test_user(
            self.env,
            login="as_helpdesk_own",
            groups="helpdesk_mgmt.group_helpdesk_user_own",
            company_id=self.company_a.id,
            company_ids=[self.company_a.id],
        )
        helpdesk_manager = new_test_user(
            self.env,
            login="as_helpdesk_manager",
            groups="helpdesk_mgmt.group_helpdesk_manager",
            company_id=self.company_a.id,
            company_ids=[self.company_a.id],
        )
        crafted = {
            "crm_pme_holiday_manager": True,
            "crm_pme_sync_holidays": True,
            "install_mode": True,
            "active_test": False,
        }
        for user in (own_tickets, self.tech, self.support):
            for context in (None, crafted):
                with self.subTest(user=user.login, context=context):
                    with self.assertRefused(AccessError, "helpdesk manager"):
                        self._rpc(
                            user,
                            self.team,
                            "action_crm_pme_sync_holidays",
                            list(range(2030, 2080)),
                            context=context,
                        )
                    with self.assertRefused(AccessError, "helpdesk manager"):
                        self.team.with_user(user).with_context(
                            **crafted
                        ).action_crm_pme_sync_holidays()
        self.assertFalse(self._leaves(self.calendar))
        for user in (helpdesk_manager, self.manager):
            with self.subTest(user=user.login):
                action = self._rpc(
                    user, self.team, "action_crm_pme_sync_holidays", [2026]
                )
                self.assertEqual(action["tag"], "display_notification")
                self.assertEqual(len(self._leaves(self.calendar)), 11)
        # The button (no years) adds this year and the next two.
        self._rpc(self.manager, self.team, "action_crm_pme_sync_holidays")
        years = {leave.date_from.year for leave in self._leaves(self.calendar)}
        self.assertEqual(years, {2025, 2026, 2027, 2028})  # 1 January at 23:00 UTC

    @freeze_time("2026-03-01")
    def test_holidays_years_bounded(self):
        for years in (
            [2030],
            list(range(2030, 2080)),
            [2024, 2026],
            [2029],
            ["2026"],
            [2026.0],
            [True],
            "2026",
            {"year": 2026},
        ):
            with self.subTest(years=years):
                with self.assertRefused(UserError, "only .* 2025 to 2028"):
                    self._rpc(
                        self.manager, self.team, "action_crm_pme_sync_holidays", years
                    )
                self.assertFalse(self._leaves(self.calendar))
        self._rpc(self.manager, self.team, "action_crm_pme_sync_holidays", [2025, 2028])
        years = {leave.date_to.year for leave in self._leaves(self.calendar)}
        self.assertEqual(years, {2025, 2028})

    def test_holidays_work_not_callable_remotely(self):
        for method in ("_crm_pme_sync_holidays", "_cron_crm_pme_sync_holidays"):
            with self.subTest(method=method):
                with self.assertRaises(AccessError):
                    self._rpc(self.manager, self.team, method, [2026])
        self.assertFalse(self._leaves(self.calendar))

    def test_sla_deadline_skips_holidays(self):
        self.team._crm_pme_sync_holidays([2026])
        for start, hours, deadline in [
            # Wednesday 13 May 16:00 (Paris) + 8 h: 1 h on Wednesday, Ascension
            # Thursday off, 7 h on Friday -> Friday 16:00 (Paris), 14:00 UTC.
            (datetime(2026, 5, 13, 14, 0), 8, datetime(2026, 5, 15, 14, 0)),
            # Friday 16:00 + 2 h -> Monday 9:00 (weekend).
            (datetime(2026, 3, 6, 15, 0), 2, datetime(2026, 3, 9, 8, 0)),
            # Friday 3 July... 14 July is a Tuesday: Monday 13 July 16:00 + 2 h
            # -> Wednesday 15 July 9:00 Paris.
            (datetime(2026, 7, 13, 14, 0), 2, datetime(2026, 7, 15, 7, 0)),
        ]:
            with self.subTest(start=start):
                self.assertEqual(
                    self.calendar.plan_hours(hours, start, compute_leaves=True),
                    deadline,
                )
        # helpdesk_mgmt_sla computes the ticket's deadline on the same calendar.
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Presse AS en panne",
                "description": "<p>La presse ne démarre plus.</p>",
                "team_id": self.team.id,
                "stage_id": self.stage_new.id,
                "partner_id": self.customer.id,
            }
        )
        ticket_sla = ticket.ticket_sla_ids
        self.assertEqual(ticket_sla.sla_id, self.sla)
        self.assertEqual(ticket_sla.state, "in_progress")
        ticket_sla.last_state_date = datetime(2026, 5, 13, 14, 0)
        self.assertEqual(ticket_sla.deadline, datetime(2026, 5, 15, 14, 0))

    def test_breach_cron(self):
        Ticket = self.env["helpdesk.ticket"]
        late, soon, fine = Ticket.create(
            [
                {
                    "name": name,
                    "description": "<p>AS</p>",
                    "team_id": self.team.id,
                    "partner_id": self.customer.id,
                }
                for name in ("Retard AS", "Bientôt AS", "Tranquille AS")
            ]
        )
        now = datetime(2026, 3, 10, 10, 0)
        late.ticket_sla_ids.deadline = datetime(2026, 3, 10, 8, 0)
        soon.ticket_sla_ids.deadline = datetime(2026, 3, 10, 11, 0)
        fine.ticket_sla_ids.deadline = datetime(2026, 3, 12, 11, 0)
        Message = self.env["mail.message"]
        digests = Message.search([("model", "=", False)])
        with freeze_time(now):
            self.assertEqual(Ticket._cron_crm_pme_check_sla(), 1)
        self.assertTrue(late.crm_pme_sla_breached)
        self.assertEqual(late.crm_pme_sla_breach_date, datetime(2026, 3, 10, 8, 0))
        self.assertIn("breached", late.message_ids[0].body)
        self.assertFalse(soon.crm_pme_sla_breached)
        self.assertTrue(soon.crm_pme_sla_warned)
        self.assertIn("expires", soon.message_ids[0].body)
        # The leader gets one message for both tickets, with links to them.
        digest = Message.search([("model", "=", False)]) - digests
        self.assertEqual(len(digest), 1)
        self.assertEqual(digest.partner_ids, self.leader.partner_id)
        for ticket in (late, soon):
            self.assertIn(f"/odoo/helpdesk.ticket/{ticket.id}", digest.body)
        self.assertNotIn(fine.display_name, digest.body)
        self.assertFalse(fine.crm_pme_sla_breached or fine.crm_pme_sla_warned)
        # Stored: searchable and countable.
        self.assertEqual(
            Ticket.search(
                [
                    ("crm_pme_sla_breached", "=", True),
                    ("id", "in", (late | soon | fine).ids),
                ]
            ),
            late,
        )
        # Nothing new on the next run.
        messages = Message.search_count([])
        with freeze_time(now):
            self.assertEqual(Ticket._cron_crm_pme_check_sla(), 0)
        self.assertEqual(Message.search_count([]), messages)

    def test_breach_cron_many_tickets(self):
        """Twenty breached tickets: twenty notes, one message to the leader;
        the queries do not grow with the number of tickets notified."""
        Ticket = self.env["helpdesk.ticket"]
        tickets = Ticket.create(
            [
                {
                    "name": f"Panne AS {i}",
                    "description": "<p>AS</p>",
                    "team_id": self.team.id,
                    "partner_id": self.customer.id,
                }
                for i in range(20)
            ]
        )
        tickets.ticket_sla_ids.deadline = datetime(2026, 3, 10, 8, 0)
        digests = self.env["mail.message"].search([("model", "=", False)])
        with freeze_time(datetime(2026, 3, 10, 10, 0)):
            self.assertEqual(Ticket._cron_crm_pme_check_sla(), 20)
        digest = self.env["mail.message"].search([("model", "=", False)]) - digests
        self.assertEqual(len(digest), 1)
        self.assertEqual(digest.body.count("/odoo/helpdesk.ticket/"), 20)

    def test_breach_flag_agrees_with_oca_expiry(self):
        """The breach check flags exactly the tickets helpdesk_mgmt_sla
        shows as "SLA expired" (its field and its search), whatever the
        state of their SLA."""
        Ticket = self.env["helpdesk.ticket"]
        names = ("Retard AS", "A temps AS", "Attente AS", "Fait AS", "Expiré AS")
        tickets = Ticket.create(
            [
                {
                    "name": name,
                    "description": "<p>AS</p>",
                    "team_id": self.team.id,
                    "partner_id": self.customer.id,
                }
                for name in names
            ]
        )
        # A ticket of a team without SLA rule has none.
        tickets |= Ticket.create(
            {
                "name": "Sans SLA AS",
                "description": "<p>AS</p>",
                "team_id": self.team_alsace.id,
                "partner_id": self.customer.id,
            }
        )
        late, on_time, waiting, done, expired, without = tickets
        self.assertFalse(without.ticket_sla_ids)
        past, future = datetime(2026, 3, 10, 8, 0), datetime(2026, 3, 12, 8, 0)
        cases = [
            (late, "in_progress", past),
            (on_time, "in_progress", future),
            (waiting, "on_hold", past),
            (done, "accomplished", past),
            (expired, "expired", future),
        ]
        # helpdesk_mgmt_sla recomputes an SLA's deadline from its state (it
        # keeps it only once accomplished or expired): set the state, let it
        # compute, then set the deadline.
        self.env.flush_all()
        for ticket, state, _deadline in cases:
            ticket.ticket_sla_ids.state = state
        self.env.flush_all()
        for ticket, _state, deadline in cases:
            ticket.ticket_sla_ids.deadline = deadline
        self.env.flush_all()
        self.assertEqual(
            tickets.ticket_sla_ids.mapped("deadline"),
            [past, future, past, past, future],
        )
        self.assertEqual(
            tickets.ticket_sla_ids.mapped("state"),
            ["in_progress", "in_progress", "on_hold", "accomplished", "expired"],
        )
        with freeze_time(datetime(2026, 3, 10, 10, 0)):
            self.assertEqual(Ticket._cron_crm_pme_check_sla(), 2)
            tickets.invalidate_recordset(["sla_expired"])
            oca_expired = tickets.filtered("sla_expired")
            self.assertEqual(
                Ticket.search([("sla_expired", "=", True), ("id", "in", tickets.ids)]),
                oca_expired,
            )
        self.assertEqual(oca_expired, late | expired)
        self.assertEqual(tickets.filtered("crm_pme_sla_breached"), oca_expired)
        self.assertEqual(late.crm_pme_sla_breach_date, past)

    def test_sla_clock_paused_while_waiting_on_customer(self):
        """A ticket opens on Monday at 8:00 (8 working hours, due at 17:00);
        at 10:00 support asks the customer a question: the clock stops. The
        customer answers on Wednesday at 10:00: 6 hours remain, due
        Wednesday at 17:00; the breach check leaves it alone in between.
        (Paris time; the fields hold UTC, one hour earlier in March.)"""
        Ticket = self.env["helpdesk.ticket"]
        ticket = Ticket.create(
            {
                "name": "Compresseur AS bruyant",
                "description": "<p>Bruit anormal.</p>",
                "team_id": self.team.id,
                "stage_id": self.stage_new.id,
                "partner_id": self.customer.id,
            }
        )
        ticket_sla = ticket.ticket_sla_ids
        self.assertEqual(ticket_sla.state, "in_progress")
        # 2026-03-02 is a Monday; the calendar works 8:00-12:00, 13:00-17:00.
        ticket_sla.last_state_date = datetime(2026, 3, 2, 7, 0)
        self.assertEqual(ticket_sla.deadline, datetime(2026, 3, 2, 16, 0))
        with freeze_time(datetime(2026, 3, 2, 9, 0)):
            ticket.stage_id = self.stage_waiting
        self.assertEqual(ticket_sla.state, "on_hold")
        self.assertEqual(ticket_sla.consumed_time, 2.0)
        # Monday evening and Tuesday: on hold, not breached.
        with freeze_time(datetime(2026, 3, 3, 18, 0)):
            self.assertEqual(Ticket._cron_crm_pme_check_sla(), 0)
        self.assertFalse(ticket.crm_pme_sla_breached)
        with freeze_time(datetime(2026, 3, 4, 9, 0)):
            ticket.stage_id = self.stage_new
        self.assertEqual(ticket_sla.state, "in_progress")
        self.assertEqual(ticket_sla.deadline, datetime(2026, 3, 4, 16, 0))
        with freeze_time(datetime(2026, 3, 4, 15, 0)):
            self.assertEqual(Ticket._cron_crm_pme_check_sla(), 0)
        with freeze_time(datetime(2026, 3, 4, 16, 30)):
            self.assertEqual(Ticket._cron_crm_pme_check_sla(), 1)
        self.assertEqual(ticket.crm_pme_sla_breach_date, datetime(2026, 3, 4, 16, 0))

    def test_ticket_from_company_with_sector_and_lifecycle(self):
        self.assertEqual(self.customer.sector_id, self.sector_region)
        action = self.customer.with_user(self.support).action_crm_pme_new_ticket()
        form = Form(
            self.env["helpdesk.ticket"]
            .with_user(self.support)
            .with_context(**action["context"])
        )
        form.name = "Demande de devis AS"
        form.description = "<p>Pouvez-vous chiffrer une révision ?</p>"
        form.category_id = self.env.ref(
            "crm_pme_aftersales.helpdesk_ticket_category_request"
        )
        form.team_id = self.team
        form.priority = "2"
        ticket = form.save()
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.crm_pme_sector_id, self.sector_region)
        self.assertEqual(ticket.crm_pme_lifecycle_state, "prospect")
        self.customer.lifecycle_state = "active"
        self.assertEqual(ticket.crm_pme_lifecycle_state, "active")
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count(
                [
                    ("crm_pme_sector_id", "=", self.sector_region.id),
                    ("id", "=", ticket.id),
                ]
            ),
            1,
        )
        # An intervention from the ticket.
        action = ticket.action_crm_pme_new_intervention()
        with Form(
            self.env["crm.pme.intervention"]
            .with_user(self.support)
            .with_context(**action["context"])
        ) as form:
            form.technician_id = self.tech
        self.assertEqual(ticket.intervention_count, 1)
        self.assertEqual(ticket.intervention_ids.partner_id, self.customer)
        self.assertEqual(self.customer.crm_pme_intervention_count, 1)

    def test_pme_categories(self):
        categories = self.env["helpdesk.ticket.category"].search([])
        for xmlid in ("incident", "request", "complaint", "information"):
            with self.subTest(xmlid=xmlid):
                self.assertIn(
                    self.env.ref(
                        f"crm_pme_aftersales.helpdesk_ticket_category_{xmlid}"
                    ),
                    categories,
                )
