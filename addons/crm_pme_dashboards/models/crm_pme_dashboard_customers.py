"""Dashboard sections about customers: lost and at risk, results by
criteria, receivables."""

from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.crm_pme_base.tools import revenue

from ..tools import periods
from .crm_pme_dashboard import INVOICE_TYPES, OPEN_PAYMENT_STATES, TOP


class CrmPmeDashboard(models.AbstractModel):
    _inherit = "crm.pme.dashboard"  # pylint: disable=consider-merging-classes-inherited

    def _section_headline(self, scope):
        """Customers lost over the last 12 months and what they brought in
        their last 12 months as customers, retention, customers at risk and
        the revenue at stake. Lost and at risk come from the base add-on's
        lifecycle: its dated transitions (crm.pme.lifecycle.event) and
        current state.

        A customer turns "at risk", then "lost", months after its last
        invoice: the 12 months just before the loss (or before today) hold
        no invoice by definition. The revenue of a lost or at-risk customer
        is therefore that of the 12 months ending with its last invoice
        (credit notes deducted), in the company's currency."""
        company_id = scope["company"].id
        partner_filter = self._sql_partner_filter(scope, "p")
        lifecycle = self._sql_partner_field(scope, "p", "lifecycle_state")
        lost_from, today = scope["last_12_start"], scope["today"]
        ((lost_count, lost_revenue, start_customers, start_lost),) = self._rows(
            SQL(
                """
                WITH lost AS (%(lost)s), lost_revenue AS (
                    SELECT SUM(revenue.amount) AS revenue
                      FROM lost
                     CROSS JOIN LATERAL (%(last_12)s) revenue
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
                lost=self._sql_lost_customers(scope),
                company=company_id,
                lost_from=lost_from,
                last_12=self._sql_last_12_months_revenue(
                    scope, SQL("lost.partner_id"), SQL("lost.lost_date")
                ),
                partner_filter=partner_filter,
            )
        )
        ((risk_count, risk_revenue),) = self._rows(
            SQL(
                """
                SELECT COUNT(*), COALESCE(SUM(revenue.amount), 0)
                  FROM res_partner p
                  LEFT JOIN LATERAL (%(last_12)s) revenue ON TRUE
                 WHERE p.active
                   AND p.parent_id IS NULL
                   AND %(lifecycle)s = 'at_risk'
                   AND %(partner_filter)s
                """,
                last_12=self._sql_last_12_months_revenue(
                    scope, SQL("p.id"), SQL("%s::date", today + timedelta(days=1))
                ),
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
            ("partner_id.active", "=", True),
        ] + self._partner_domain(scope, "partner_id.")
        risk_domain = [
            ("lifecycle_state", "=", "at_risk"),
            ("parent_id", "=", False),
            ("company_id", "in", [company_id, False]),
        ] + self._partner_domain(scope)
        return {
            "key": "headline",
            "title": self.env._("Customers lost and at risk"),
            "win_back": self._win_back_allowed(),
            "tiles": [
                self._tile(
                    "lost_count",
                    self.env._("Customers lost (12 months)"),
                    lost_count,
                    "count",
                    self._action(
                        scope,
                        self.env._("Customers lost (12 months)"),
                        "crm.pme.lifecycle.event",
                        lost_domain,
                    ),
                ),
                self._tile(
                    "lost_revenue",
                    self.env._("What they brought in their last 12 months"),
                    lost_revenue,
                    "amount",
                    self._action(
                        scope,
                        self.env._("Customers lost (12 months)"),
                        "crm.pme.lifecycle.event",
                        lost_domain,
                    ),
                ),
                self._tile(
                    "retention", self.env._("Retention rate"), retention, "percent"
                ),
                self._tile(
                    "risk_count",
                    self.env._("Customers at risk"),
                    risk_count,
                    "count",
                    self._action(
                        scope,
                        self.env._("Customers at risk"),
                        "res.partner",
                        risk_domain,
                    ),
                ),
                self._tile(
                    "risk_revenue",
                    self.env._("Revenue of customers at risk (12 months)"),
                    risk_revenue,
                    "amount",
                    self._action(
                        scope,
                        self.env._("Customers at risk"),
                        "res.partner",
                        risk_domain,
                    ),
                ),
            ],
        }

    def _sql_last_12_months_revenue(self, scope, partner, before):
        """Query of one row (``amount``): the invoiced revenue (crm_pme_base's
        definition) of the customer ``partner`` (SQL of its id) over the 12
        months ending with its last invoice dated before ``before`` (SQL of
        a date), credit notes deducted, in the company's currency."""
        return SQL(
            """
            SELECT SUM(m.amount) AS amount
              FROM (%(moves)s) m
              JOIN LATERAL (
                    SELECT MAX(last.invoice_date) AS invoice_date
                      FROM (%(moves)s) last
                     WHERE last.partner_id = %(partner)s
                       AND last.move_type = 'out_invoice'
                       AND last.invoice_date < %(before)s
              ) anchor ON TRUE
             WHERE m.partner_id = %(partner)s
               AND m.invoice_date > anchor.invoice_date - INTERVAL '12 months'
               AND m.invoice_date < %(before)s
            """,
            moves=revenue.customer_moves_sql(company_ids=[scope["company"].id]),
            partner=partner,
            before=before,
        )

    def _sql_lost_customers(self, scope):
        """The customers lost over the last 12 months, the headline's rule:
        the partners of the filters with a transition to "lost" in the
        company in those months (``partner_id``, ``lost_date`` the last
        one). ``_lost_customers_domain`` is the same rule for the ORM."""
        return SQL(
            """
            SELECT e.partner_id, MAX(e.date) AS lost_date
              FROM crm_pme_lifecycle_event e
              JOIN res_partner p ON p.id = e.partner_id
             WHERE e.company_id = %(company)s
               AND e.new_state = 'lost'
               AND e.date BETWEEN %(lost_from)s AND %(today)s
               AND %(partner_filter)s
          GROUP BY e.partner_id
            """,
            company=scope["company"].id,
            lost_from=scope["last_12_start"],
            today=scope["today"],
            partner_filter=self._sql_partner_filter(scope, "p"),
        )

    def _lost_customers_domain(self, scope):
        """The customers the headline counts as lost, as a domain on
        res.partner (to read in the dashboard's company: the sector is kept
        per company). Same rule as ``_sql_lost_customers``, tested against
        it."""
        return [
            (
                "lifecycle_event_ids",
                "any",
                [
                    ("company_id", "=", scope["company"].id),
                    ("new_state", "=", "lost"),
                    ("date", ">=", fields.Date.to_string(scope["last_12_start"])),
                    ("date", "<=", fields.Date.to_string(scope["today"])),
                ],
            ),
            ("company_id", "in", [scope["company"].id, False]),
        ] + self._partner_domain(scope)

    def _section_criteria(self, scope):
        """Invoiced revenue of the period by region, département, NAF
        section, sector, company size and product category; top customers."""
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
                        "label": label or self.env._("Not set"),
                        "amount": amount or 0.0,
                        "action": self._action(
                            scope,
                            label or self.env._("Not set"),
                            "account.move",
                            base_domain + [(field_path, "=", key or False)],
                        ),
                    }
                )
            return result

        partner = "commercial_partner_id."
        category_rows = [
            {
                "label": label or self.env._("No category"),
                "amount": amount or 0.0,
                "action": self._action(
                    scope,
                    label or self.env._("No category"),
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
            "title": self.env._("Results by criteria"),
            "groups": [
                {
                    "key": "region",
                    "title": self.env._("By region"),
                    "rows": rows(regions, partner + "country_department_id.state_id"),
                },
                {
                    "key": "department",
                    "title": self.env._("By département"),
                    "rows": rows(departments, partner + "country_department_id"),
                },
                {
                    "key": "naf_section",
                    "title": self.env._("By NAF section"),
                    "rows": rows(naf_sections, partner + "naf_section_id"),
                },
                {
                    "key": "sector",
                    "title": self.env._("By sector"),
                    "rows": rows(sectors, partner + "sector_id"),
                },
                {
                    "key": "size",
                    "title": self.env._("By company size"),
                    "rows": rows(sizes, partner + "company_category", size_labels),
                },
                {
                    "key": "product_category",
                    "title": self.env._("By product category"),
                    "rows": category_rows,
                },
                {
                    "key": "top_customers",
                    "title": self.env._("Top 10 customers"),
                    "rows": rows(top, "commercial_partner_id"),
                },
            ],
        }

    def _section_receivables(self, scope):
        """What customers owe past the due date, today: total, by age
        (days past due) and the customers who owe the most."""
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
            "0_30": self.env._("1 to 30 days"),
            "31_60": self.env._("31 to 60 days"),
            "61_90": self.env._("61 to 90 days"),
            "over_90": self.env._("Over 90 days"),
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
            "title": self.env._("Receivables"),
            "tiles": [
                self._tile(
                    "overdue",
                    self.env._("Overdue"),
                    totals[0],
                    "amount",
                    self._action(
                        scope,
                        self.env._("Overdue invoices"),
                        "account.move",
                        overdue_domain,
                    ),
                ),
                self._tile(
                    "overdue_customers",
                    self.env._("Customers overdue"),
                    totals[1],
                    "count",
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
