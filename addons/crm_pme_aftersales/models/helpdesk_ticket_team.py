# Copyright 2026 CRM PME contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.french_holidays import (
    holiday_year_window,
    leave_bounds,
    missing_holidays,
    public_holidays,
)

# Who may add the public holidays to the teams' working calendars by hand.
HOLIDAY_MANAGER_GROUPS = (
    "helpdesk_mgmt.group_helpdesk_manager",
    "crm_pme_base.crm_pme_group_manager",
)


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
        """Button "Add the public holidays now": the missing French public
        holidays of ``years`` (this year and the next two by default, never
        outside last year .. in two years) into the teams' working calendars.
        Helpdesk and CRM PME managers only: the leaves apply to everyone
        working with those calendars."""
        user = self.env.user
        if not any(user.has_group(group) for group in HOLIDAY_MANAGER_GROUPS):
            raise AccessError(
                self.env._(
                    "Only a helpdesk manager or a CRM PME manager can add the "
                    "public holidays to the teams' working hours."
                )
            )
        years = self._crm_pme_ensure_holiday_years(years)
        created = self._crm_pme_sync_holidays(years)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s public holidays added to the working hours.",
                    count=len(created),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _crm_pme_ensure_holiday_years(self, years):
        """``years`` as a list of ints within the allowed window, or the
        default years; a clear error for anything else."""
        if not years:
            return self._crm_pme_holiday_years()
        if isinstance(years, int):
            years = [years]
        first, last = holiday_year_window(fields.Date.context_today(self))
        if not isinstance(years, list | tuple) or not all(
            isinstance(year, int)
            and not isinstance(year, bool)
            and first <= year <= last
            for year in years
        ):
            raise UserError(
                self.env._(
                    "Public holidays can only be added for the years %(first)s "
                    "to %(last)s.",
                    first=first,
                    last=last,
                )
            )
        return sorted(set(years))

    def _crm_pme_sync_holidays(self, years):
        """Add the missing French public holidays of ``years`` as leaves of
        the teams' working calendars; return the leaves created. A calendar
        shared by an Alsace-Moselle team gets the two extra days. Private:
        called by the button (after its checks) and by the yearly cron."""
        teams = self.filtered(
            lambda t: t.crm_pme_french_holidays and t.resource_calendar_id
        )
        Leave = self.env["resource.calendar.leaves"]
        created = Leave.browse()
        for calendar in teams.resource_calendar_id:
            alsace = any(
                team.crm_pme_alsace_moselle
                for team in teams
                if team.resource_calendar_id == calendar
            )
            tz_name = calendar.tz or "Europe/Paris"
            # Global leaves (no resource) are readable by every employee.
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
            # sudo: only administrators (base.group_erp_manager) create global
            # leaves; the caller is a manager (button) or the cron, the years
            # are bounded and only public holidays of the teams' own
            # calendars are written.
            created |= Leave.sudo().create(vals_list)
        return created

    @api.model
    def _cron_crm_pme_sync_holidays(self):
        self.search(
            [("crm_pme_french_holidays", "=", True), ("use_sla", "=", True)]
        )._crm_pme_sync_holidays(self._crm_pme_holiday_years())
