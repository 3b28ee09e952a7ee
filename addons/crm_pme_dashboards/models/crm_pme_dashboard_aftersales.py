"""Dashboard section of the after-sales add-on, shown when it is installed."""

from datetime import datetime, time, timedelta

from odoo import models
from odoo.tools import SQL

from ..tools import periods


class CrmPmeDashboard(models.AbstractModel):
    _inherit = "crm.pme.dashboard"  # pylint: disable=consider-merging-classes-inherited

    def _section_aftersales(self, scope):
        """Tickets opened, closed and still open, SLA kept, average
        resolution time; interventions finished, hours worked and invoiced,
        in the period and the company."""
        # Imported here: this section runs only when crm_pme_aftersales is
        # installed (see _extra_sections), which this add-on does not depend on.
        from odoo.addons.crm_pme_aftersales.tools.duration import billable_hours_sql

        s = scope
        company_id = s["company"].id
        first = datetime.combine(s["start"], time.min)
        after = datetime.combine(s["end"] + timedelta(days=1), time.min)
        ((opened, closed, backlog, with_sla, breached, resolution),) = self._rows(
            SQL(
                """
                SELECT COUNT(*) FILTER (WHERE t.create_date >= %(first)s
                                          AND t.create_date < %(after)s),
                       COUNT(*) FILTER (WHERE t.closed_date >= %(first)s
                                          AND t.closed_date < %(after)s),
                       COUNT(*) FILTER (WHERE NOT COALESCE(st.closed, FALSE)),
                       COUNT(*) FILTER (WHERE t.closed_date >= %(first)s
                                          AND t.closed_date < %(after)s
                                          AND team.use_sla),
                       COUNT(*) FILTER (WHERE t.closed_date >= %(first)s
                                          AND t.closed_date < %(after)s
                                          AND team.use_sla
                                          AND t.crm_pme_sla_breached),
                       AVG(EXTRACT(EPOCH FROM t.closed_date - t.create_date) / 3600.0)
                           FILTER (WHERE t.closed_date >= %(first)s
                                     AND t.closed_date < %(after)s)
                  FROM helpdesk_ticket t
                  LEFT JOIN helpdesk_ticket_stage st ON st.id = t.stage_id
                  LEFT JOIN helpdesk_ticket_team team ON team.id = t.team_id
                 WHERE t.company_id = %(company)s
                   AND t.active
                """,
                first=first,
                after=after,
                company=company_id,
            )
        )
        ((done, worked, invoiced_hours),) = self._rows(
            SQL(
                """
                SELECT (SELECT COUNT(*) FROM crm_pme_intervention i
                         WHERE i.company_id = %(company)s
                           AND i.state IN ('done', 'invoiced')
                           AND i.signed_on >= %(first)s AND i.signed_on < %(after)s),
                       (SELECT COALESCE(SUM(ss.hours), 0)
                          FROM crm_pme_intervention_session ss
                          JOIN crm_pme_intervention i ON i.id = ss.intervention_id
                         WHERE i.company_id = %(company)s
                           AND ss.start >= %(first)s AND ss.start < %(after)s),
                       (SELECT COALESCE(SUM(%(invoiced_hours)s), 0)
                          FROM crm_pme_intervention i
                          JOIN account_move m ON m.id = i.invoice_id
                         WHERE i.company_id = %(company)s
                           AND m.state = 'posted'
                           AND m.invoice_date BETWEEN %(start)s AND %(end)s)
                """,
                company=company_id,
                first=first,
                after=after,
                # The intervention's invoiced_hours (not stored), as
                # crm_pme_aftersales rounds them.
                invoiced_hours=billable_hours_sql(SQL("i.worked_hours")),
                start=s["start"],
                end=s["end"],
            )
        )
        ticket_domain = [("company_id", "=", company_id)]
        closed_domain = ticket_domain + [
            ("closed_date", ">=", first),
            ("closed_date", "<", after),
        ]
        return {
            "key": "aftersales",
            "title": self.env._("After-sales"),
            "tiles": [
                self._tile(
                    "tickets_opened",
                    self.env._("Tickets opened"),
                    opened,
                    "count",
                    self._action(
                        scope,
                        self.env._("Tickets opened"),
                        "helpdesk.ticket",
                        ticket_domain
                        + [("create_date", ">=", first), ("create_date", "<", after)],
                    ),
                ),
                self._tile(
                    "tickets_closed",
                    self.env._("Tickets closed"),
                    closed,
                    "count",
                    self._action(
                        scope,
                        self.env._("Tickets closed"),
                        "helpdesk.ticket",
                        closed_domain,
                    ),
                ),
                self._tile(
                    "backlog",
                    self.env._("Open tickets"),
                    backlog,
                    "count",
                    self._action(
                        scope,
                        self.env._("Open tickets"),
                        "helpdesk.ticket",
                        ticket_domain + [("stage_id.closed", "=", False)],
                    ),
                ),
                self._tile(
                    "sla_kept",
                    self.env._("SLA kept"),
                    periods.ratio(with_sla - breached, with_sla) if with_sla else None,
                    "percent",
                    self._action(
                        scope,
                        self.env._("Tickets past their SLA"),
                        "helpdesk.ticket",
                        closed_domain + [("crm_pme_sla_breached", "=", True)],
                    ),
                ),
                self._tile(
                    "resolution",
                    self.env._("Average resolution time"),
                    round(float(resolution), 1) if resolution is not None else None,
                    "hours",
                ),
                self._tile(
                    "interventions_done",
                    self.env._("Interventions done"),
                    done,
                    "count",
                    self._action(
                        scope,
                        self.env._("Interventions done"),
                        "crm.pme.intervention",
                        [
                            ("company_id", "=", company_id),
                            ("state", "in", ["done", "invoiced"]),
                            ("signed_on", ">=", first),
                            ("signed_on", "<", after),
                        ],
                    ),
                ),
                self._tile("hours_worked", self.env._("Hours worked"), worked, "hours"),
                self._tile(
                    "hours_invoiced",
                    self.env._("Hours invoiced"),
                    invoiced_hours,
                    "hours",
                ),
            ],
        }
