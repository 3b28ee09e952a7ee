# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..tools.french_holidays import leave_bounds, missing_holidays, public_holidays


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    crm_pme_french_holidays = fields.Boolean(
        string="French public holidays",
        default=True,
        help="Add the French public holidays to the team's working hours as "
        "leaves, so that SLA deadlines skip them.",
    )
    crm_pme_alsace_moselle = fields.Boolean(
        string="Alsace-Moselle",
        help="Also take out Good Friday and 26 December (Alsace and Moselle).",
    )

    @api.model
    def _crm_pme_holiday_years(self, today=None):
        today = today or fields.Date.context_today(self)
        return [today.year, today.year + 1, today.year + 2]

    def action_crm_pme_sync_holidays(self, years=None):
        """Add the missing French public holidays of ``years`` (this year and
        the next two by default) as leaves of the teams' working calendars.
        A calendar shared by an Alsace-Moselle team gets the two extra days."""
        years = years or self._crm_pme_holiday_years()
        teams = self.filtered(
            lambda t: t.crm_pme_french_holidays and t.resource_calendar_id
        )
        # sudo: calendar leaves need administration rights that the helpdesk
        # manager clicking the button may not have; only public holidays of
        # the teams' own calendars are written.
        Leave = self.env["resource.calendar.leaves"].sudo()
        created = Leave.browse()
        for calendar in teams.resource_calendar_id:
            alsace = any(
                team.crm_pme_alsace_moselle
                for team in teams
                if team.resource_calendar_id == calendar
            )
            tz_name = calendar.tz or "Europe/Paris"
            existing = Leave.search(
                [("calendar_id", "=", calendar.id), ("resource_id", "=", False)]
            )
            # A holiday is there when a leave starts at its first second.
            starts = set(existing.mapped("date_from"))
            holiday_list = public_holidays(years, alsace)
            existing_days = [
                day
                for day, _name in holiday_list
                if leave_bounds(day, tz_name)[0] in starts
            ]
            vals_list = []
            for day, name in missing_holidays(holiday_list, existing_days):
                date_from, date_to = leave_bounds(day, tz_name)
                vals_list.append(
                    {
                        "name": name,
                        "calendar_id": calendar.id,
                        "company_id": calendar.company_id.id,
                        "date_from": date_from,
                        "date_to": date_to,
                        "time_type": "leave",
                    }
                )
            created |= Leave.create(vals_list)
        return created

    @api.model
    def _cron_crm_pme_sync_holidays(self):
        self.search(
            [("crm_pme_french_holidays", "=", True), ("use_sla", "=", True)]
        ).action_crm_pme_sync_holidays()
