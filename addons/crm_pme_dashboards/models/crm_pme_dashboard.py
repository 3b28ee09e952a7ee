from datetime import date, datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.crm_pme_base.tools import revenue

from ..tools import periods

INVOICE_TYPES = revenue.CUSTOMER_MOVE_TYPES
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
                        user=user.name,
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
        team and sector in the company, and the active partners of the
        company."""
        # Archived contacts are left out, as the ORM leaves them out of
        # the drill-downs and of the win-back segment.
        conditions = [
            SQL(
                "%(p)s.active"
                " AND (%(p)s.company_id IS NULL OR %(p)s.company_id = %(company)s)",
                p=SQL.identifier(alias),
                company=scope["company"].id,
            )
        ]
        if scope["user"]:
            conditions.append(
                SQL("%s.user_id = %s", SQL.identifier(alias), scope["user"].id)
            )
        if scope["team"]:
            # A customer belongs to the team of its salesperson.
            conditions.append(
                SQL(
                    "%s.user_id IN (SELECT user_id FROM crm_team_member"
                    " WHERE crm_team_id = %s AND active)",
                    SQL.identifier(alias),
                    scope["team"].id,
                )
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
        converted by Odoo at the invoice's date (``amount_untaxed_signed``):
        the documents of crm_pme_base's invoiced revenue (tools/revenue.py)."""
        return SQL(
            """
            SELECT i.id, i.invoice_date, i.amount, i.partner_id
              FROM (%(moves)s) i
              JOIN account_move m ON m.id = i.id
              JOIN res_partner p ON p.id = i.partner_id
             WHERE %(filter)s
            """,
            moves=revenue.customer_moves_sql(company_ids=scope["company"].ids),
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
            domain.append((f"{prefix}user_id.crm_team_ids", "=", scope["team"].id))
        if scope["sector"]:
            domain.append((f"{prefix}sector_id", "=", scope["sector"].id))
        return domain

    def _document_domain(self, scope, user_field="user_id", sector_field="sector_id"):
        """The filters every document list shares, as _sql_document_filter
        applies them: the company first (callers may drop it), then the
        salesperson (``user_field``), the team and the sector
        (``sector_field``)."""
        domain = [("company_id", "=", scope["company"].id)]
        if scope["user"]:
            domain.append((user_field, "=", scope["user"].id))
        if scope["team"]:
            domain.append(("team_id", "=", scope["team"].id))
        if scope["sector"]:
            domain.append((sector_field, "=", scope["sector"].id))
        return domain

    def _invoice_domain(self, scope, date_from=None, date_to=None):
        domain = self._document_domain(
            scope, "invoice_user_id", "commercial_partner_id.sector_id"
        ) + [
            ("state", "=", "posted"),
            ("move_type", "in", list(INVOICE_TYPES)),
        ]
        if date_from:
            domain.append(("invoice_date", ">=", date_from))
        if date_to:
            domain.append(("invoice_date", "<=", date_to))
        return domain

    def _order_domain(self, scope, date_from, date_to, states=("sale",)):
        return self._document_domain(scope) + [
            ("state", "in", list(states)),
            ("date_order", ">=", datetime.combine(date_from, time.min)),
            (
                "date_order",
                "<",
                datetime.combine(date_to + timedelta(days=1), time.min),
            ),
        ]

    def _lead_domain(self, scope):
        return self._document_domain(scope)

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
