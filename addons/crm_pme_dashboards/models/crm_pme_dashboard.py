from datetime import date, datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools import periods

INVOICE_TYPES = ("out_invoice", "out_refund")
OPEN_PAYMENT_STATES = ("not_paid", "partial")
TOP = 10


class CrmPmeDashboard(models.AbstractModel):
    """The manager dashboard: every figure of every section from one server
    call, a fixed number of SQL statements whatever the data size.

    The statements read document headers (orders, invoices, leads, tickets),
    never line-level reports, and apply by hand what record rules would:
    one company among the user's allowed ones, and a salesperson without
    "All documents" rights sees only their own documents and customers.
    Each figure comes with the list behind it (``action``), filtered as the
    figure was computed."""

    _name = "crm.pme.dashboard"
    _description = "CRM PME manager dashboard"

    # Scope ------------------------------------------------------------------

    @api.model
    def _dashboard_scope(self, filters):
        """The checked filters: period, company, salesperson, team, sector.

        Refuses a company the user is not allowed in and, for a
        salesperson who sees only their own documents, anyone else's
        figures."""
        if not self.env.user.has_group("sales_team.group_sale_salesman"):
            raise AccessError(
                self.env._("The dashboard is for the sales staff and their managers.")
            )
        filters = dict(filters or {})
        today = fields.Date.context_today(self)
        period = filters.get("period") or "year"
        if period not in periods.PERIODS:
            raise UserError(
                self.env._("Unknown period %(period)s.", period=str(period))
            )
        try:
            date_from = fields.Date.to_date(filters.get("date_from") or None)
            date_to = fields.Date.to_date(filters.get("date_to") or None)
            start, end = periods.period_range(period, today, date_from, date_to)
        except ValueError as error:
            raise UserError(
                self.env._(
                    "Choose a period with a start and an end, the end on or "
                    "after the start (%(error)s).",
                    error=error,
                )
            ) from error
        company = self.env.company
        if filters.get("company_id"):
            company = self.env["res.company"].browse(int(filters["company_id"]))
            # self.env.companies are the companies of the request, already
            # checked by Odoo against the user's allowed companies.
            if company not in self.env.companies:
                raise AccessError(
                    self.env._(
                        "You are not allowed to see the figures of this company."
                    )
                )
        user = self.env["res.users"]
        if filters.get("user_id"):
            user = user.browse(int(filters["user_id"])).exists()
        if not self._dashboard_sees_all():
            if user and user != self.env.user:
                raise AccessError(
                    self.env._(
                        "You see your own figures only: ask a sales manager for "
                        "those of %(user)s.",
                        user=user.sudo().name,
                    )
                )
            user = self.env.user
        team = self.env["crm.team"]
        if filters.get("team_id"):
            team = team.browse(int(filters["team_id"])).exists()
        sector = self.env["crm.pme.sector"]
        if filters.get("sector_id"):
            sector = sector.browse(int(filters["sector_id"])).exists()
        previous_start, previous_end = periods.same_period_last_year(start, end)
        year_start = date(today.year, 1, 1)
        return {
            "today": today,
            "period": period,
            "start": start,
            "end": end,
            "previous_start": previous_start,
            "previous_end": previous_end,
            "year_start": year_start,
            "previous_year_start": periods.add_months(year_start, -12),
            "previous_today": periods.add_months(today, -12),
            "last_12_start": periods.period_range("last_12_months", today)[0],
            "company": company,
            "user": user,
            "team": team,
            "sector": sector,
        }

    @api.model
    def _dashboard_sees_all(self):
        return self.env.user.has_group("sales_team.group_sale_salesman_all_leads")

    @api.model
    def _dashboard_is_manager(self):
        return self.env.user.has_group(
            "sales_team.group_sale_manager"
        ) or self.env.user.has_group("crm_pme_base.crm_pme_group_manager")

    # SQL building blocks --------------------------------------------------------

    def _sql_partner_field(self, scope, alias, fname):
        """A partner field as SQL, read in the dashboard's company (the
        lifecycle and the sector are kept per company)."""
        Partner = self.env["res.partner"].with_company(scope["company"])
        return Partner._field_to_sql(alias, fname)

    def _sql_partner_filter(self, scope, alias="p"):
        """The customer side of the filters: the partner's salesperson,
        team and sector in the company, and the partners of the company."""
        conditions = [
            SQL(
                "(%(p)s.company_id IS NULL OR %(p)s.company_id = %(company)s)",
                p=SQL.identifier(alias),
                company=scope["company"].id,
            )
        ]
        if scope["user"]:
            conditions.append(
                SQL("%s.user_id = %s", SQL.identifier(alias), scope["user"].id)
            )
        if scope["team"]:
            conditions.append(
                SQL("%s.team_id = %s", SQL.identifier(alias), scope["team"].id)
            )
        if scope["sector"]:
            conditions.append(
                SQL(
                    "%s = %s",
                    self._sql_partner_field(scope, alias, "sector_id"),
                    scope["sector"].id,
                )
            )
        return SQL(" AND ").join(conditions)

    def _sql_document_filter(self, scope, alias, user_column, partner_alias=None):
        """The document side: the document's company, salesperson and team;
        its own sector when it keeps one (orders and leads), else the sector
        of its customer (``partner_alias``) in the company."""
        table = SQL.identifier(alias)
        conditions = [SQL("%s.company_id = %s", table, scope["company"].id)]
        if scope["user"]:
            conditions.append(
                SQL(
                    "%s.%s = %s",
                    table,
                    SQL.identifier(user_column),
                    scope["user"].id,
                )
            )
        if scope["team"]:
            conditions.append(SQL("%s.team_id = %s", table, scope["team"].id))
        if scope["sector"]:
            sector = (
                self._sql_partner_field(scope, partner_alias, "sector_id")
                if partner_alias
                else SQL("%s.sector_id", table)
            )
            conditions.append(SQL("%s = %s", sector, scope["sector"].id))
        return SQL(" AND ").join(conditions)

    def _sql_invoices(self, scope):
        """Posted customer invoices and credit notes of the scope, with
        their customer (commercial entity) as ``p``: the untaxed amount in
        the company's currency, signed (a credit note counts negative),
        converted by Odoo at the invoice's date (``amount_untaxed_signed``)."""
        return SQL(
            """
            SELECT m.id, m.invoice_date, m.amount_untaxed_signed AS amount,
                   m.commercial_partner_id AS partner_id
              FROM account_move m
              JOIN res_partner p ON p.id = m.commercial_partner_id
             WHERE m.state = 'posted'
               AND m.move_type IN %(types)s
               AND %(filter)s
            """,
            types=INVOICE_TYPES,
            filter=self._sql_document_filter(scope, "m", "invoice_user_id", "p"),
        )

    def _sql_orders(self, scope):
        """Sales orders (quotations included) of the scope: the untaxed
        amount in the company's currency at the order's rate."""
        return SQL(
            """
            SELECT so.id, so.state, so.date_order::date AS date_order,
                   LEAST(so.create_date, so.date_order)::date AS date_quote,
                   so.amount_untaxed
                       / COALESCE(NULLIF(so.currency_rate, 0), 1.0) AS amount
              FROM sale_order so
             WHERE so.state IN ('sent', 'sale')
               AND %(filter)s
            """,
            filter=self._sql_document_filter(scope, "so", "user_id"),
        )

    def _rows(self, query):
        self.env.cr.execute(query)
        return self.env.cr.fetchall()

    # Domains of the drill-downs ---------------------------------------------

    def _action(self, scope, name, model, domain, views=("list", "form")):
        return {
            "name": name,
            "res_model": model,
            "domain": domain,
            "views": [[False, view] for view in views],
            "context": {"allowed_company_ids": [scope["company"].id]},
        }

    def _partner_domain(self, scope, prefix=""):
        domain = []
        if scope["user"]:
            domain.append((f"{prefix}user_id", "=", scope["user"].id))
        if scope["team"]:
            domain.append((f"{prefix}team_id", "=", scope["team"].id))
        if scope["sector"]:
            domain.append((f"{prefix}sector_id", "=", scope["sector"].id))
        return domain

    def _invoice_domain(self, scope, date_from=None, date_to=None):
        domain = [
            ("company_id", "=", scope["company"].id),
            ("state", "=", "posted"),
            ("move_type", "in", list(INVOICE_TYPES)),
        ]
        if date_from:
            domain.append(("invoice_date", ">=", date_from))
        if date_to:
            domain.append(("invoice_date", "<=", date_to))
        if scope["user"]:
            domain.append(("invoice_user_id", "=", scope["user"].id))
        if scope["team"]:
            domain.append(("team_id", "=", scope["team"].id))
        if scope["sector"]:
            domain.append(("commercial_partner_id.sector_id", "=", scope["sector"].id))
        return domain

    def _order_domain(self, scope, date_from, date_to, states=("sale",)):
        domain = [
            ("company_id", "=", scope["company"].id),
            ("state", "in", list(states)),
            ("date_order", ">=", datetime.combine(date_from, time.min)),
            (
                "date_order",
                "<",
                datetime.combine(date_to + timedelta(days=1), time.min),
            ),
        ]
        if scope["user"]:
            domain.append(("user_id", "=", scope["user"].id))
        if scope["team"]:
            domain.append(("team_id", "=", scope["team"].id))
        if scope["sector"]:
            domain.append(("sector_id", "=", scope["sector"].id))
        return domain

    def _lead_domain(self, scope):
        domain = [("company_id", "=", scope["company"].id)]
        if scope["user"]:
            domain.append(("user_id", "=", scope["user"].id))
        if scope["team"]:
            domain.append(("team_id", "=", scope["team"].id))
        if scope["sector"]:
            domain.append(("sector_id", "=", scope["sector"].id))
        return domain

    def _sql_lead_filter(self, scope):
        return self._sql_document_filter(scope, "l", "user_id")

    # Entry point ------------------------------------------------------------

    @api.model
    @api.readonly
    def get_dashboard(self, filters=None):
        """Every section of the dashboard for ``filters`` (period,
        date_from, date_to, company_id, user_id, team_id, sector_id)."""
        scope = self._dashboard_scope(filters)
        self.env.flush_all()
        company = scope["company"]
        sections = [
            self._section_headline(scope),
            self._section_sales(scope),
            self._section_conversion(scope),
            self._section_criteria(scope),
            self._section_receivables(scope),
        ]
        if self._dashboard_is_manager():
            sections += self._extra_sections(scope)
        return {
            "filters": {
                "period": scope["period"],
                "date_from": fields.Date.to_string(scope["start"]),
                "date_to": fields.Date.to_string(scope["end"]),
                "previous_from": fields.Date.to_string(scope["previous_start"]),
                "previous_to": fields.Date.to_string(scope["previous_end"]),
                "company_id": company.id,
                "user_id": scope["user"].id or False,
                "team_id": scope["team"].id or False,
                "sector_id": scope["sector"].id or False,
                "sees_all": self._dashboard_sees_all(),
            },
            "currency": {
                "id": company.currency_id.id,
                "symbol": company.currency_id.symbol,
                "position": company.currency_id.position,
                "digits": company.currency_id.decimal_places,
            },
            "choices": self._filter_choices(scope),
            "sections": sections,
        }

    def _extra_sections(self, scope):
        """Sections of the add-ons installed beside this one: after-sales
        (crm_pme_aftersales) and marketing (crm_pme_marketing), found in the
        registry, so that no bridge add-on is needed."""
        sections = []
        if "crm.pme.intervention" in self.env:
            sections.append(self._section_aftersales(scope))
        if "crm.pme.campaign" in self.env:
            sections.append(self._section_marketing(scope))
        return sections

    def _filter_choices(self, scope):
        """What the filter panel offers: the user's allowed companies, the
        teams, salespeople and sectors of the chosen company."""
        company = scope["company"]
        users = self.env["res.users"]
        if self._dashboard_sees_all():
            users = users.search(
                [
                    ("share", "=", False),
                    ("company_ids", "in", company.ids),
                    (
                        "groups_id",
                        "in",
                        self.env.ref("sales_team.group_sale_salesman").ids,
                    ),
                ],
                order="name",
            )
        else:
            users = self.env.user
        return {
            "companies": [[c.id, c.name] for c in self.env.companies],
            "users": [[u.id, u.name] for u in users],
            "teams": [
                [t.id, t.name]
                for t in self.env["crm.team"].search(
                    [("company_id", "in", [company.id, False])], order="name"
                )
            ],
            "sectors": [
                [s.id, s.name]
                for s in self.env["crm.pme.sector"].search(
                    [("company_id", "in", [company.id, False])], order="name"
                )
            ],
        }

    # Sections ---------------------------------------------------------------

    def _tile(self, key, label, value, kind="amount", action=None, previous=None):
        tile = {"key": key, "label": label, "value": value, "kind": kind}
        if previous is not None:
            tile["previous"] = previous
        if action:
            tile["action"] = action
        return tile

    def _section_headline(self, scope):
        """Customers lost over the last 12 months and what they brought in
        the 12 months before they were lost, retention, customers at risk.
        Lost and at risk come from the base add-on's lifecycle: its dated
        transitions (crm.pme.lifecycle.event) and current state."""
        _ = self.env._
        company_id = scope["company"].id
        partner_filter = self._sql_partner_filter(scope, "p")
        lifecycle = self._sql_partner_field(scope, "p", "lifecycle_state")
        lost_from, today = scope["last_12_start"], scope["today"]
        ((lost_count, lost_revenue, start_customers, start_lost),) = self._rows(
            SQL(
                """
                WITH lost AS (
                    SELECT e.partner_id, MAX(e.date) AS lost_date
                      FROM crm_pme_lifecycle_event e
                      JOIN res_partner p ON p.id = e.partner_id
                     WHERE e.company_id = %(company)s
                       AND e.new_state = 'lost'
                       AND e.date BETWEEN %(lost_from)s AND %(today)s
                       AND %(partner_filter)s
                  GROUP BY e.partner_id
                ), lost_revenue AS (
                    SELECT SUM(m.amount_untaxed_signed) AS revenue
                      FROM lost
                      JOIN account_move m
                        ON m.commercial_partner_id = lost.partner_id
                       AND m.company_id = %(company)s
                       AND m.state = 'posted'
                       AND m.move_type IN %(types)s
                       AND m.invoice_date >= lost.lost_date - INTERVAL '12 months'
                       AND m.invoice_date < lost.lost_date
                ), at_start AS (
                    SELECT DISTINCT ON (e.partner_id) e.partner_id, e.new_state
                      FROM crm_pme_lifecycle_event e
                      JOIN res_partner p ON p.id = e.partner_id
                     WHERE e.company_id = %(company)s
                       AND e.date < %(lost_from)s
                       AND %(partner_filter)s
                  ORDER BY e.partner_id, e.date DESC, e.id DESC
                )
                SELECT (SELECT COUNT(*) FROM lost),
                       (SELECT COALESCE(revenue, 0) FROM lost_revenue),
                       (SELECT COUNT(*) FROM at_start
                         WHERE new_state IN ('active', 'at_risk')),
                       (SELECT COUNT(*) FROM at_start
                          JOIN lost USING (partner_id)
                         WHERE at_start.new_state IN ('active', 'at_risk'))
                """,
                company=company_id,
                lost_from=lost_from,
                today=today,
                types=INVOICE_TYPES,
                partner_filter=partner_filter,
            )
        )
        ((risk_count, risk_revenue),) = self._rows(
            SQL(
                """
                SELECT COUNT(*), COALESCE(SUM(revenue.amount), 0)
                  FROM res_partner p
                  LEFT JOIN LATERAL (
                        SELECT SUM(m.amount_untaxed_signed) AS amount
                          FROM account_move m
                         WHERE m.commercial_partner_id = p.id
                           AND m.company_id = %(company)s
                           AND m.state = 'posted'
                           AND m.move_type IN %(types)s
                           AND m.invoice_date BETWEEN %(lost_from)s AND %(today)s
                  ) revenue ON TRUE
                 WHERE p.active
                   AND p.parent_id IS NULL
                   AND %(lifecycle)s = 'at_risk'
                   AND %(partner_filter)s
                """,
                company=company_id,
                types=INVOICE_TYPES,
                lost_from=lost_from,
                today=today,
                lifecycle=lifecycle,
                partner_filter=partner_filter,
            )
        )
        retention = (
            periods.ratio(start_customers - start_lost, start_customers)
            if start_customers
            else None
        )
        lost_domain = [
            ("company_id", "=", company_id),
            ("new_state", "=", "lost"),
            ("date", ">=", lost_from),
            ("date", "<=", today),
        ] + self._partner_domain(scope, "partner_id.")
        risk_domain = [
            ("lifecycle_state", "=", "at_risk"),
            ("parent_id", "=", False),
            ("company_id", "in", [company_id, False]),
        ] + self._partner_domain(scope)
        return {
            "key": "headline",
            "title": _("Customers lost and at risk"),
            "tiles": [
                self._tile(
                    "lost_count",
                    _("Customers lost (12 months)"),
                    lost_count,
                    "count",
                    self._action(
                        scope,
                        _("Customers lost (12 months)"),
                        "crm.pme.lifecycle.event",
                        lost_domain,
                    ),
                ),
                self._tile(
                    "lost_revenue",
                    _("What they brought in their last 12 months"),
                    lost_revenue,
                    "amount",
                    self._action(
                        scope,
                        _("Customers lost (12 months)"),
                        "crm.pme.lifecycle.event",
                        lost_domain,
                    ),
                ),
                self._tile("retention", _("Retention rate"), retention, "percent"),
                self._tile(
                    "risk_count",
                    _("Customers at risk"),
                    risk_count,
                    "count",
                    self._action(
                        scope, _("Customers at risk"), "res.partner", risk_domain
                    ),
                ),
                self._tile(
                    "risk_revenue",
                    _("Revenue of customers at risk (12 months)"),
                    risk_revenue,
                    "amount",
                    self._action(
                        scope, _("Customers at risk"), "res.partner", risk_domain
                    ),
                ),
            ],
        }

    def _section_sales(self, scope):
        """Revenue of the period and year to date against the same dates
        last year (confirmed orders and invoices), invoiced revenue by month,
        objectives, weighted pipeline by stage and by expected closing."""
        _ = self.env._
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
                _("Ordered (period)"),
                ordered["period"],
                "amount",
                self._action(
                    scope,
                    _("Orders of the period"),
                    "sale.order",
                    self._order_domain(scope, s["start"], s["end"]),
                ),
                previous=ordered["previous"],
            ),
            self._tile(
                "invoiced",
                _("Invoiced (period)"),
                invoiced["period"],
                "amount",
                self._action(
                    scope,
                    _("Invoices of the period"),
                    "account.move",
                    self._invoice_domain(scope, s["start"], s["end"]),
                ),
                previous=invoiced["previous"],
            ),
            self._tile(
                "ordered_ytd",
                _("Ordered (year to date)"),
                ordered["ytd"],
                "amount",
                self._action(
                    scope,
                    _("Orders of the year"),
                    "sale.order",
                    self._order_domain(scope, s["year_start"], s["today"]),
                ),
                previous=ordered["previous_ytd"],
            ),
            self._tile(
                "invoiced_ytd",
                _("Invoiced (year to date)"),
                invoiced["ytd"],
                "amount",
                self._action(
                    scope,
                    _("Invoices of the year"),
                    "account.move",
                    self._invoice_domain(scope, s["year_start"], s["today"]),
                ),
                previous=invoiced["previous_ytd"],
            ),
        ]
        return {
            "key": "sales",
            "title": _("Sales"),
            "tiles": tiles,
            "series": series,
            "objectives": self._objectives(scope),
            "pipeline": self._pipeline(scope),
        }

    def _objectives(self, scope):
        """The objectives overlapping the period, as the objectives screen
        computes them (actual, forecast, attainment), under record rules."""
        domain = [
            ("company_id", "=", scope["company"].id),
            ("date_from", "<=", scope["end"]),
            ("date_to", ">=", scope["start"]),
        ]
        if scope["user"]:
            domain.append(("user_id", "=", scope["user"].id))
        if scope["team"]:
            domain.append(("team_id", "=", scope["team"].id))
        if scope["sector"]:
            domain.append(("sector_id", "=", scope["sector"].id))
        objectives = self.env["crm.pme.objective"].search(
            domain, order="date_from desc, id", limit=50
        )
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
        _ = self.env._
        return {
            "by_stage": [
                {
                    "label": name or _("No stage"),
                    "count": count,
                    "amount": amount,
                    "action": self._action(
                        scope,
                        name or _("No stage"),
                        "crm.lead",
                        lead_domain + [("stage_id", "=", stage_id)],
                    ),
                }
                for stage_id, name, count, amount in by_stage
            ],
            "by_month": [
                {
                    "label": fields.Date.to_string(month) if month else _("No date"),
                    "count": count,
                    "amount": amount,
                    "action": self._action(
                        scope,
                        _("Expected closing"),
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
        _ = self.env._
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
        quote_domain = [
            ("company_id", "=", s["company"].id),
            ("date", ">=", s["start"]),
            ("date", "<=", s["end"]),
        ]
        for fname in ("user", "team", "sector"):
            if scope[fname]:
                quote_domain.append((f"{fname}_id", "=", scope[fname].id))
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
            "title": _("Conversion"),
            "tiles": [
                self._tile(
                    "quotes",
                    _("Quotations"),
                    quotes,
                    "count",
                    self._action(
                        scope, _("Quotations"), "crm.pme.quote.report", quote_domain
                    ),
                ),
                self._tile("quoted", _("Amount quoted"), quoted),
                self._tile("orders", _("Orders among them"), orders, "count"),
                self._tile("ordered", _("Amount ordered"), ordered),
                self._tile(
                    "quote_rate",
                    _("Quotations turned into orders"),
                    periods.ratio(orders, quotes),
                    "percent",
                ),
                self._tile(
                    "win_rate",
                    _("Win rate of opportunities"),
                    periods.ratio(won, won + lost) if won + lost else None,
                    "percent",
                    self._action(
                        scope,
                        _("Opportunities won"),
                        "crm.lead",
                        won_domain,
                    ),
                ),
                self._tile(
                    "sales_cycle",
                    _("Average sales cycle"),
                    round(float(cycle), 1) if cycle is not None else None,
                    "days",
                ),
            ],
        }

    def _section_criteria(self, scope):
        """Invoiced revenue of the period by region, département, NAF
        section, sector, company size and product category; top customers."""
        _ = self.env._
        s = scope
        invoices = self._sql_invoices(scope)
        period = (s["start"], s["end"])
        sector = self._sql_partner_field(scope, "p", "sector_id")
        lang = self.env.lang or "en_US"

        def grouped(key_sql, label_sql, joins=None):
            return self._rows(
                SQL(
                    """
                    SELECT %(key)s, %(label)s, SUM(i.amount)
                      FROM (%(invoices)s) i
                      JOIN res_partner p ON p.id = i.partner_id
                      %(joins)s
                     WHERE i.invoice_date BETWEEN %(start)s AND %(end)s
                  GROUP BY 1, 2
                  ORDER BY 3 DESC NULLS LAST
                     LIMIT 20
                    """,
                    key=key_sql,
                    label=label_sql,
                    joins=joins or SQL(""),
                    invoices=invoices,
                    start=period[0],
                    end=period[1],
                )
            )

        regions = grouped(
            SQL("st.id"),
            SQL("st.name"),
            SQL(
                "LEFT JOIN res_country_department d"
                " ON d.id = p.country_department_id"
                " LEFT JOIN res_country_state st ON st.id = d.state_id"
            ),
        )
        departments = grouped(
            SQL("d.id"),
            SQL("d.code || ' ' || d.name"),
            SQL("LEFT JOIN res_country_department d ON d.id = p.country_department_id"),
        )
        naf_sections = grouped(
            SQL("n.id"),
            SQL("n.code || ' ' || n.name"),
            SQL("LEFT JOIN crm_pme_naf n ON n.id = p.naf_section_id"),
        )
        sectors = grouped(
            SQL("sec.id"),
            SQL("COALESCE(sec.name->>%s, sec.name->>'en_US')", lang),
            SQL("LEFT JOIN crm_pme_sector sec ON sec.id = %s", sector),
        )
        sizes = grouped(SQL("p.company_category"), SQL("p.company_category"))
        categories = self._rows(
            SQL(
                """
                SELECT c.id, c.complete_name, -SUM(aml.balance)
                  FROM account_move_line aml
                  JOIN (%(invoices)s) i ON i.id = aml.move_id
                  LEFT JOIN product_product pp ON pp.id = aml.product_id
                  LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  LEFT JOIN product_category c ON c.id = pt.categ_id
                 WHERE aml.display_type = 'product'
                   AND i.invoice_date BETWEEN %(start)s AND %(end)s
              GROUP BY 1, 2
              ORDER BY 3 DESC NULLS LAST
                 LIMIT 20
                """,
                invoices=invoices,
                start=period[0],
                end=period[1],
            )
        )
        top = grouped(SQL("p.id"), SQL("p.name"))[:TOP]
        size_labels = dict(
            self.env["res.partner"]
            ._fields["company_category"]
            ._description_selection(self.env)
        )
        base_domain = self._invoice_domain(scope, *period)

        def rows(data, field_path, labels=None):
            result = []
            for key, label, amount in data:
                if labels is not None:
                    label = labels.get(key)
                result.append(
                    {
                        "label": label or _("Not set"),
                        "amount": amount or 0.0,
                        "action": self._action(
                            scope,
                            label or _("Not set"),
                            "account.move",
                            base_domain + [(field_path, "=", key or False)],
                        ),
                    }
                )
            return result

        partner = "commercial_partner_id."
        category_rows = [
            {
                "label": label or _("No category"),
                "amount": amount or 0.0,
                "action": self._action(
                    scope,
                    label or _("No category"),
                    "account.move.line",
                    [
                        ("move_id.company_id", "=", s["company"].id),
                        ("display_type", "=", "product"),
                        ("product_id.categ_id", "=", key or False),
                    ]
                    + [("move_id." + d[0], d[1], d[2]) for d in base_domain[1:]],
                ),
            }
            for key, label, amount in categories
        ]
        return {
            "key": "criteria",
            "title": _("Results by criteria"),
            "groups": [
                {
                    "key": "region",
                    "title": _("By region"),
                    "rows": rows(regions, partner + "country_department_id.state_id"),
                },
                {
                    "key": "department",
                    "title": _("By département"),
                    "rows": rows(departments, partner + "country_department_id"),
                },
                {
                    "key": "naf_section",
                    "title": _("By NAF section"),
                    "rows": rows(naf_sections, partner + "naf_section_id"),
                },
                {
                    "key": "sector",
                    "title": _("By sector"),
                    "rows": rows(sectors, partner + "sector_id"),
                },
                {
                    "key": "size",
                    "title": _("By company size"),
                    "rows": rows(sizes, partner + "company_category", size_labels),
                },
                {
                    "key": "product_category",
                    "title": _("By product category"),
                    "rows": category_rows,
                },
                {
                    "key": "top_customers",
                    "title": _("Top 10 customers"),
                    "rows": rows(top, "commercial_partner_id"),
                },
            ],
        }

    def _section_receivables(self, scope):
        """What customers owe past the due date, today: total, by age
        (days past due) and the customers who owe the most."""
        _ = self.env._
        s = scope
        today = s["today"]
        base = SQL(
            """
            SELECT m.id, m.commercial_partner_id AS partner_id, p.name,
                   %(today)s - m.invoice_date_due AS days,
                   m.amount_residual_signed AS amount
              FROM account_move m
              JOIN res_partner p ON p.id = m.commercial_partner_id
             WHERE m.state = 'posted'
               AND m.move_type IN %(types)s
               AND m.payment_state IN %(open)s
               AND m.invoice_date_due < %(today)s
               AND %(filter)s
            """,
            today=today,
            types=INVOICE_TYPES,
            open=OPEN_PAYMENT_STATES,
            filter=self._sql_document_filter(scope, "m", "invoice_user_id", "p"),
        )
        buckets = periods.AGEING_BUCKETS
        totals = self._rows(
            SQL(
                "SELECT COALESCE(SUM(o.amount), 0), COUNT(DISTINCT o.partner_id), %s"
                " FROM (%s) o",
                SQL(", ").join(
                    SQL(
                        "COALESCE(SUM(o.amount)"
                        " FILTER (WHERE o.days BETWEEN %s AND %s), 0)",
                        max(first, 1),
                        last if last is not None else 1_000_000,
                    )
                    for _key, first, last in buckets
                ),
                base,
            )
        )[0]
        worst = self._rows(
            SQL(
                """
                SELECT o.partner_id, o.name, SUM(o.amount), MAX(o.days)
                  FROM (%s) o
              GROUP BY o.partner_id, o.name
              ORDER BY 3 DESC, 1
                 LIMIT %s
                """,
                base,
                TOP,
            )
        )
        overdue_domain = self._invoice_domain(scope) + [
            ("payment_state", "in", list(OPEN_PAYMENT_STATES)),
            ("invoice_date_due", "<", today),
        ]
        labels = {
            "0_30": _("1 to 30 days"),
            "31_60": _("31 to 60 days"),
            "61_90": _("61 to 90 days"),
            "over_90": _("Over 90 days"),
        }
        ageing = []
        for (key, first, last), amount in zip(buckets, totals[2:], strict=True):
            domain = overdue_domain + [
                ("invoice_date_due", "<=", today - timedelta(days=max(first, 1)))
            ]
            if last is not None:
                domain.append(("invoice_date_due", ">=", today - timedelta(days=last)))
            ageing.append(
                {
                    "key": key,
                    "label": labels[key],
                    "amount": amount,
                    "action": self._action(scope, labels[key], "account.move", domain),
                }
            )
        return {
            "key": "receivables",
            "title": _("Receivables"),
            "tiles": [
                self._tile(
                    "overdue",
                    _("Overdue"),
                    totals[0],
                    "amount",
                    self._action(
                        scope, _("Overdue invoices"), "account.move", overdue_domain
                    ),
                ),
                self._tile(
                    "overdue_customers", _("Customers overdue"), totals[1], "count"
                ),
            ],
            "ageing": ageing,
            "worst": [
                {
                    "label": name,
                    "amount": amount,
                    "days": days,
                    "action": self._action(
                        scope,
                        name,
                        "account.move",
                        overdue_domain + [("commercial_partner_id", "=", partner_id)],
                    ),
                }
                for partner_id, name, amount, days in worst
            ],
        }

    def _section_aftersales(self, scope):
        """Tickets opened, closed and still open, SLA kept, average
        resolution time; interventions finished, hours worked and invoiced,
        in the period and the company."""
        _ = self.env._
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
                       (SELECT COALESCE(SUM(i.invoiced_hours), 0)
                          FROM crm_pme_intervention i
                          JOIN account_move m ON m.id = i.invoice_id
                         WHERE i.company_id = %(company)s
                           AND m.state = 'posted'
                           AND m.invoice_date BETWEEN %(start)s AND %(end)s)
                """,
                company=company_id,
                first=first,
                after=after,
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
            "title": _("After-sales"),
            "tiles": [
                self._tile(
                    "tickets_opened",
                    _("Tickets opened"),
                    opened,
                    "count",
                    self._action(
                        scope,
                        _("Tickets opened"),
                        "helpdesk.ticket",
                        ticket_domain
                        + [("create_date", ">=", first), ("create_date", "<", after)],
                    ),
                ),
                self._tile(
                    "tickets_closed",
                    _("Tickets closed"),
                    closed,
                    "count",
                    self._action(
                        scope, _("Tickets closed"), "helpdesk.ticket", closed_domain
                    ),
                ),
                self._tile(
                    "backlog",
                    _("Open tickets"),
                    backlog,
                    "count",
                    self._action(
                        scope,
                        _("Open tickets"),
                        "helpdesk.ticket",
                        ticket_domain + [("stage_id.closed", "=", False)],
                    ),
                ),
                self._tile(
                    "sla_kept",
                    _("SLA kept"),
                    periods.ratio(with_sla - breached, with_sla) if with_sla else None,
                    "percent",
                    self._action(
                        scope,
                        _("Tickets past their SLA"),
                        "helpdesk.ticket",
                        closed_domain + [("crm_pme_sla_breached", "=", True)],
                    ),
                ),
                self._tile(
                    "resolution",
                    _("Average resolution time"),
                    round(float(resolution), 1) if resolution is not None else None,
                    "hours",
                ),
                self._tile(
                    "interventions_done",
                    _("Interventions done"),
                    done,
                    "count",
                    self._action(
                        scope,
                        _("Interventions done"),
                        "crm.pme.intervention",
                        [
                            ("company_id", "=", company_id),
                            ("state", "in", ["done", "invoiced"]),
                            ("signed_on", ">=", first),
                            ("signed_on", "<", after),
                        ],
                    ),
                ),
                self._tile("hours_worked", _("Hours worked"), worked, "hours"),
                self._tile(
                    "hours_invoiced", _("Hours invoiced"), invoiced_hours, "hours"
                ),
            ],
        }

    def _section_marketing(self, scope):
        """Campaigns running, leads of the period that came from a
        campaign, and each campaign's results (leads, won, revenue, return
        on budget) as the campaign screen computes them."""
        _ = self.env._
        s = scope
        Campaign = self.env["crm.pme.campaign"]
        campaign_domain = [
            ("company_id", "=", s["company"].id),
            ("date_start", "<=", s["end"]),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", s["start"]),
        ]
        campaigns = Campaign.search(campaign_domain, order="date_start desc", limit=20)
        running = Campaign.search_count(
            [("company_id", "=", s["company"].id), ("state", "=", "running")]
        )
        utm_ids = campaigns.utm_campaign_id.ids
        lead_domain = self._lead_domain(scope) + [
            ("campaign_id", "in", utm_ids),
            ("create_date", ">=", datetime.combine(s["start"], time.min)),
            (
                "create_date",
                "<",
                datetime.combine(s["end"] + timedelta(days=1), time.min),
            ),
        ]
        leads = self.env["crm.lead"].search_count(lead_domain) if utm_ids else 0
        return {
            "key": "marketing",
            "title": _("Marketing"),
            "tiles": [
                self._tile(
                    "campaigns_running",
                    _("Campaigns running"),
                    running,
                    "count",
                    self._action(
                        scope,
                        _("Campaigns running"),
                        "crm.pme.campaign",
                        [
                            ("company_id", "=", s["company"].id),
                            ("state", "=", "running"),
                        ],
                    ),
                ),
                self._tile(
                    "campaign_leads",
                    _("Leads from campaigns"),
                    leads,
                    "count",
                    self._action(
                        scope, _("Leads from campaigns"), "crm.lead", lead_domain
                    ),
                ),
            ],
            "campaigns": [
                {
                    "label": campaign.name,
                    "leads": campaign.lead_count,
                    "won": campaign.won_count,
                    "revenue": campaign.revenue,
                    "budget": campaign.budget,
                    "return_on_budget": campaign.return_on_budget,
                    "action": self._action(
                        scope,
                        campaign.name,
                        "crm.pme.campaign",
                        [("id", "=", campaign.id)],
                        views=("form",),
                    ),
                }
                for campaign in campaigns
            ],
        }
