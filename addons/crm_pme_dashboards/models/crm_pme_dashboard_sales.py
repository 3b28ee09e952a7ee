"""Dashboard sections about selling: revenue, objectives, pipeline,
conversion."""

from datetime import datetime, time, timedelta

from odoo import fields, models
from odoo.tools import SQL

from ..tools import periods


class CrmPmeDashboard(models.AbstractModel):
    _inherit = "crm.pme.dashboard"  # pylint: disable=consider-merging-classes-inherited

    def _section_sales(self, scope):
        """Revenue of the period and year to date against the same dates
        last year (confirmed orders and invoices), invoiced revenue by month,
        objectives, weighted pipeline by stage and by expected closing."""
        s = scope
        windows = {
            "period": (s["start"], s["end"]),
            "previous": (s["previous_start"], s["previous_end"]),
            "ytd": (s["year_start"], s["today"]),
            "previous_ytd": (s["previous_year_start"], s["previous_today"]),
        }
        oldest = min(window[0] for window in windows.values())
        newest = max(window[1] for window in windows.values())

        def sums(source, date_column):
            return SQL(", ").join(
                SQL(
                    "COALESCE(SUM(amount) FILTER (WHERE %s BETWEEN %s AND %s), 0)",
                    SQL.identifier(date_column),
                    first,
                    last,
                )
                for first, last in windows.values()
            )

        ordered = self._rows(
            SQL(
                "SELECT %s FROM (%s) o WHERE o.state = 'sale'"
                " AND o.date_order BETWEEN %s AND %s",
                sums("orders", "date_order"),
                self._sql_orders(scope),
                oldest,
                newest,
            )
        )[0]
        invoiced = self._rows(
            SQL(
                "SELECT %s FROM (%s) i WHERE i.invoice_date BETWEEN %s AND %s",
                sums("invoices", "invoice_date"),
                self._sql_invoices(scope),
                oldest,
                newest,
            )
        )[0]
        ordered = dict(zip(windows, ordered, strict=True))
        invoiced = dict(zip(windows, invoiced, strict=True))
        month_start = s["today"].replace(day=1)
        series_start = periods.add_months(month_start, -11)
        months = {
            first: amount
            for first, amount in self._rows(
                SQL(
                    """
                    SELECT date_trunc('month', i.invoice_date)::date, SUM(i.amount)
                      FROM (%s) i
                     WHERE i.invoice_date >= %s AND i.invoice_date <= %s
                  GROUP BY 1
                    """,
                    self._sql_invoices(scope),
                    periods.add_months(series_start, -12),
                    s["today"],
                )
            )
        }
        series = []
        for index in range(12):
            first = periods.add_months(series_start, index)
            series.append(
                {
                    "month": fields.Date.to_string(first),
                    "amount": months.get(first, 0.0),
                    "previous": months.get(periods.add_months(first, -12), 0.0),
                }
            )
        tiles = [
            self._tile(
                "ordered",
                self.env._("Ordered (period)"),
                ordered["period"],
                "amount",
                self._action(
                    scope,
                    self.env._("Orders of the period"),
                    "sale.order",
                    self._order_domain(scope, s["start"], s["end"]),
                ),
                previous=ordered["previous"],
            ),
            self._tile(
                "invoiced",
                self.env._("Invoiced (period)"),
                invoiced["period"],
                "amount",
                self._action(
                    scope,
                    self.env._("Invoices of the period"),
                    "account.move",
                    self._invoice_domain(scope, s["start"], s["end"]),
                ),
                previous=invoiced["previous"],
            ),
            self._tile(
                "ordered_ytd",
                self.env._("Ordered (year to date)"),
                ordered["ytd"],
                "amount",
                self._action(
                    scope,
                    self.env._("Orders of the year"),
                    "sale.order",
                    self._order_domain(scope, s["year_start"], s["today"]),
                ),
                previous=ordered["previous_ytd"],
            ),
            self._tile(
                "invoiced_ytd",
                self.env._("Invoiced (year to date)"),
                invoiced["ytd"],
                "amount",
                self._action(
                    scope,
                    self.env._("Invoices of the year"),
                    "account.move",
                    self._invoice_domain(scope, s["year_start"], s["today"]),
                ),
                previous=invoiced["previous_ytd"],
            ),
        ]
        return {
            "key": "sales",
            "title": self.env._("Sales"),
            "tiles": tiles,
            "series": series,
            "objectives": self._objectives(scope),
            "pipeline": self._pipeline(scope),
        }

    def _objectives(self, scope):
        """The objectives overlapping the period, as the objectives screen
        computes them (actual, forecast, attainment), under record rules."""
        domain = self._document_domain(scope) + [
            ("date_from", "<=", scope["end"]),
            ("date_to", ">=", scope["start"]),
        ]
        Objective = self.env["crm.pme.objective"]
        if not Objective.has_access("read"):
            return {"rows": [], "action": False}
        objectives = Objective.search(domain, order="date_from desc, id", limit=50)
        measures = dict(objectives._fields["measure"]._description_selection(self.env))
        rows = []
        for objective in objectives:
            owner = objective.user_id or objective.team_id or objective.sector_id
            rows.append(
                {
                    "id": objective.id,
                    "owner": owner.display_name,
                    "measure": measures.get(objective.measure, objective.measure),
                    "is_amount": objective.measure == "revenue",
                    "date_from": fields.Date.to_string(objective.date_from),
                    "date_to": fields.Date.to_string(objective.date_to),
                    "target": objective.target,
                    "actual": objective.actual,
                    "forecast": objective.forecast,
                    "attainment": objective.attainment,
                }
            )
        return {
            "rows": rows,
            "action": self._action(
                scope, self.env._("Objectives"), "crm.pme.objective", domain
            ),
        }

    def _pipeline(self, scope):
        """Open opportunities weighted by their probability, by stage and
        by month of expected closing (leads' expected revenue is in the
        company's currency)."""
        lang = self.env.lang or "en_US"
        base = SQL(
            """
            SELECT l.id, l.stage_id, l.date_deadline,
                   l.expected_revenue * l.probability / 100.0 AS weighted
              FROM crm_lead l
              LEFT JOIN crm_stage st ON st.id = l.stage_id
             WHERE l.type = 'opportunity'
               AND l.active
               AND NOT COALESCE(st.is_won, FALSE)
               AND %s
            """,
            self._sql_lead_filter(scope),
        )
        by_stage = self._rows(
            SQL(
                """
                SELECT o.stage_id,
                       COALESCE(st.name->>%s, st.name->>'en_US'),
                       COUNT(*), COALESCE(SUM(o.weighted), 0)
                  FROM (%s) o
                  LEFT JOIN crm_stage st ON st.id = o.stage_id
              GROUP BY o.stage_id, st.name, st.sequence
              ORDER BY st.sequence, o.stage_id
                """,
                lang,
                base,
            )
        )
        by_month = self._rows(
            SQL(
                """
                SELECT date_trunc('month', o.date_deadline)::date,
                       COUNT(*), COALESCE(SUM(o.weighted), 0)
                  FROM (%s) o
              GROUP BY 1
              ORDER BY 1 NULLS LAST
                """,
                base,
            )
        )
        lead_domain = [
            ("type", "=", "opportunity"),
            ("stage_id.is_won", "=", False),
        ] + self._lead_domain(scope)
        return {
            "by_stage": [
                {
                    "label": name or self.env._("No stage"),
                    "count": count,
                    "amount": amount,
                    "action": self._action(
                        scope,
                        name or self.env._("No stage"),
                        "crm.lead",
                        lead_domain + [("stage_id", "=", stage_id)],
                    ),
                }
                for stage_id, name, count, amount in by_stage
            ],
            "by_month": [
                {
                    "label": fields.Date.to_string(month)
                    if month
                    else self.env._("No date"),
                    "count": count,
                    "amount": amount,
                    "action": self._action(
                        scope,
                        self.env._("Expected closing"),
                        "crm.lead",
                        lead_domain
                        + (
                            [
                                ("date_deadline", ">=", month),
                                (
                                    "date_deadline",
                                    "<",
                                    periods.add_months(month, 1),
                                ),
                            ]
                            if month
                            else [("date_deadline", "=", False)]
                        ),
                    ),
                }
                for month, count, amount in by_month
            ],
        }

    def _section_conversion(self, scope):
        """Quotations of the period (dated by when they were quoted) against
        the orders among them; opportunities closed in the period: win rate
        and average days from creation to winning."""
        s = scope
        ((quotes, quoted, orders, ordered),) = self._rows(
            SQL(
                """
                SELECT COUNT(*), COALESCE(SUM(q.amount), 0),
                       COUNT(*) FILTER (WHERE q.state = 'sale'),
                       COALESCE(SUM(q.amount) FILTER (WHERE q.state = 'sale'), 0)
                  FROM (%s) q
                 WHERE q.date_quote BETWEEN %s AND %s
                """,
                self._sql_orders(scope),
                s["start"],
                s["end"],
            )
        )
        ((won, lost, cycle),) = self._rows(
            SQL(
                """
                SELECT COUNT(*) FILTER (WHERE l.active AND st.is_won),
                       COUNT(*) FILTER (WHERE NOT l.active AND l.probability = 0),
                       AVG(l.date_closed::date - l.create_date::date)
                           FILTER (WHERE l.active AND st.is_won)
                  FROM crm_lead l
                  LEFT JOIN crm_stage st ON st.id = l.stage_id
                 WHERE l.type = 'opportunity'
                   AND l.date_closed >= %s AND l.date_closed < %s
                   AND %s
                """,
                datetime.combine(s["start"], time.min),
                datetime.combine(s["end"] + timedelta(days=1), time.min),
                self._sql_lead_filter(scope),
            )
        )
        # The sales add-on's quote-to-order analysis dates a quotation the
        # same way (the earlier of its creation and its order date).
        quote_domain = self._document_domain(scope) + [
            ("date", ">=", s["start"]),
            ("date", "<=", s["end"]),
        ]
        closed_domain = [
            ("type", "=", "opportunity"),
            ("date_closed", ">=", datetime.combine(s["start"], time.min)),
            (
                "date_closed",
                "<",
                datetime.combine(s["end"] + timedelta(days=1), time.min),
            ),
        ] + self._lead_domain(scope)
        won_domain = closed_domain + [("stage_id.is_won", "=", True)]
        return {
            "key": "conversion",
            "title": self.env._("Conversion"),
            "tiles": [
                self._tile(
                    "quotes",
                    self.env._("Quotations"),
                    quotes,
                    "count",
                    self._action(
                        scope,
                        self.env._("Quotations"),
                        "crm.pme.quote.report",
                        quote_domain,
                    ),
                ),
                self._tile("quoted", self.env._("Amount quoted"), quoted),
                self._tile("orders", self.env._("Orders among them"), orders, "count"),
                self._tile("ordered", self.env._("Amount ordered"), ordered),
                self._tile(
                    "quote_rate",
                    self.env._("Quotations turned into orders"),
                    periods.ratio(orders, quotes),
                    "percent",
                ),
                self._tile(
                    "win_rate",
                    self.env._("Win rate of opportunities"),
                    periods.ratio(won, won + lost) if won + lost else None,
                    "percent",
                    self._action(
                        scope,
                        self.env._("Opportunities won"),
                        "crm.lead",
                        won_domain,
                    ),
                ),
                self._tile(
                    "sales_cycle",
                    self.env._("Average sales cycle"),
                    round(float(cycle), 1) if cycle is not None else None,
                    "days",
                ),
            ],
        }
