from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import objective as rules
from ..tools import objective_sql

OWNER_FIELDS = ("user_id", "team_id", "sector_id")
OWNER_FIELD_BY_TYPE = {"user": "user_id", "team": "team_id", "sector": "sector_id"}
LIVE_FIELDS = ("actual", "forecast", "attainment", "rollup_target", "rollup_actual")
MEASURES = [
    ("revenue", "Revenue (untaxed)"),
    ("order_count", "Number of orders"),
    ("new_customer_count", "Number of new customers"),
    ("quote_count", "Number of quotes sent"),
]


class CrmPmeObjective(models.Model):
    _name = "crm.pme.objective"
    _description = "Sales objective"
    _inherit = ["mail.thread"]
    _order = "date_from desc, owner_type, id"
    _check_company_auto = True

    def _default_date_from(self):
        return rules.period_start(rules.QUARTER, fields.Date.context_today(self))

    owner_type = fields.Selection(
        [("user", "Salesperson"), ("team", "Sales team"), ("sector", "Sector")],
        string="Objective of",
        required=True,
        default="user",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        compute="_compute_owner",
        store=True,
        readonly=False,
        index=True,
        check_company=True,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales team",
        compute="_compute_owner",
        store=True,
        readonly=False,
        index=True,
        check_company=True,
        tracking=True,
    )
    sector_id = fields.Many2one(
        "crm.pme.sector",
        compute="_compute_owner",
        store=True,
        readonly=False,
        index=True,
        check_company=True,
        tracking=True,
    )
    period_type = fields.Selection(
        [
            (rules.MONTH, "Month"),
            (rules.QUARTER, "Quarter"),
            (rules.YEAR, "Year"),
        ],
        string="Period",
        required=True,
        default=rules.QUARTER,
    )
    date_from = fields.Date(
        string="From", required=True, default=_default_date_from, tracking=True
    )
    date_to = fields.Date(
        string="To",
        compute="_compute_date_to",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
    )
    measure = fields.Selection(MEASURES, required=True, default="revenue")
    product_category_id = fields.Many2one(
        "product.category",
        string="Product category",
        help="Only count the order and invoice lines of products of this "
        "category (and its sub-categories).",
    )
    target = fields.Float(required=True, tracking=True, digits="Product Price")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    actual = fields.Float(
        string="Achieved",
        compute="_compute_figures",
        aggregator="sum",
        digits="Product Price",
    )
    forecast = fields.Float(
        compute="_compute_figures",
        aggregator="sum",
        digits="Product Price",
        help="Achieved plus the expected revenue of the open opportunities "
        "(weighted by their probability) whose expected closing falls in "
        "the period.",
    )
    attainment = fields.Float(
        string="Attainment (%)",
        compute="_compute_figures",
        aggregator="avg",
        digits=(16, 2),
    )
    rollup_target = fields.Float(
        string="Members' targets",
        compute="_compute_figures",
        aggregator="sum",
        digits="Product Price",
        help="For a team: sum of the targets of its members for the same "
        "period, measure and category.",
    )
    rollup_actual = fields.Float(
        string="Members' achieved",
        compute="_compute_figures",
        aggregator="sum",
        digits="Product Price",
    )
    note = fields.Text()

    @api.depends("owner_type")
    def _compute_owner(self):
        for objective in self:
            for fname in OWNER_FIELDS:
                if (
                    fname != OWNER_FIELD_BY_TYPE[objective.owner_type]
                    and objective[fname]
                ):
                    objective[fname] = False

    @api.depends("period_type", "date_from")
    def _compute_date_to(self):
        for objective in self:
            if objective.date_from and objective.period_type:
                objective.date_to = rules.period_range(
                    objective.period_type, objective.date_from
                )[1]

    @api.depends(
        "owner_type",
        "user_id",
        "team_id",
        "sector_id",
        "date_from",
        "date_to",
        "measure",
        "product_category_id",
        "target",
        "company_id",
    )
    @api.depends_context("uid")
    def _compute_figures(self):
        figures = self._crm_pme_figures()
        for objective in self:
            values = figures.get(objective._origin.id, {})
            objective.actual = values.get("actual", 0.0)
            objective.forecast = values.get("forecast", 0.0)
            objective.rollup_target = values.get("rollup_target", 0.0)
            objective.rollup_actual = values.get("rollup_actual", 0.0)
            objective.attainment = rules.attainment(objective.actual, objective.target)

    @api.depends("owner_type", "user_id", "team_id", "sector_id", "measure")
    def _compute_display_name(self):
        measures = dict(self._fields["measure"]._description_selection(self.env))
        for objective in self:
            owner = (
                objective[OWNER_FIELD_BY_TYPE[objective.owner_type]]
                if objective.owner_type
                else False
            )
            objective.display_name = self.env._(
                "%(owner)s - %(measure)s - %(date_from)s",
                owner=owner.display_name if owner else "?",
                measure=measures.get(objective.measure, ""),
                date_from=objective.date_from or "",
            )

    @api.constrains("target")
    def _check_target(self):
        for objective in self:
            if objective.target < 0:
                raise ValidationError(
                    self.env._(
                        "The target of %(objective)s is negative (%(target)s): "
                        "enter a target of zero or more.",
                        objective=objective.display_name,
                        target=objective.target,
                    )
                )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for objective in self:
            if objective.date_from > objective.date_to:
                raise ValidationError(
                    self.env._(
                        "The period of %(objective)s starts on %(date_from)s, "
                        "after its end on %(date_to)s: the start date must "
                        "come first.",
                        objective=objective.display_name,
                        date_from=objective.date_from,
                        date_to=objective.date_to,
                    )
                )

    @api.constrains("owner_type", "user_id", "team_id", "sector_id")
    def _check_owner(self):
        labels = dict(self._fields["owner_type"]._description_selection(self.env))
        for objective in self:
            expected = OWNER_FIELD_BY_TYPE[objective.owner_type]
            owners = [fname for fname in OWNER_FIELDS if objective[fname]]
            if owners != [expected]:
                raise ValidationError(
                    self.env._(
                        "An objective is for exactly one salesperson, one sales "
                        "team or one sector: choose the %(owner)s.",
                        owner=labels[objective.owner_type].lower(),
                    )
                )

    @api.constrains(
        "user_id",
        "team_id",
        "sector_id",
        "date_from",
        "date_to",
        "measure",
        "product_category_id",
        "company_id",
    )
    def _check_unique(self):
        keys = self._crm_pme_unique_keys()
        # sudo: the clash may be with an objective the current user cannot
        # read (another salesperson's); only the count is used.
        groups = self.sudo()._read_group(
            [
                ("company_id", "in", self.company_id.ids),
                ("measure", "in", list(set(self.mapped("measure")))),
                ("date_from", "in", list(set(self.mapped("date_from")))),
            ],
            [
                *OWNER_FIELDS,
                "date_from:day",
                "date_to:day",
                "measure",
                "product_category_id",
            ],
            ["__count"],
            having=[("__count", ">", 1)],
        )
        clashes = {
            (user.id, team.id, sector.id, start, end, measure, category.id)
            for user, team, sector, start, end, measure, category, _count in groups
        }
        for objective, key in zip(self, keys, strict=True):
            if key in clashes:
                raise ValidationError(
                    self.env._(
                        "%(objective)s already has an objective on this measure "
                        "for this period and product category: change the "
                        "existing objective instead of adding a second one.",
                        objective=objective[
                            OWNER_FIELD_BY_TYPE[objective.owner_type]
                        ].display_name,
                    )
                )

    def _crm_pme_unique_keys(self):
        return [
            (
                o.user_id.id,
                o.team_id.id,
                o.sector_id.id,
                o.date_from,
                o.date_to,
                o.measure,
                o.product_category_id.id,
            )
            for o in self
        ]

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        """Aggregate the live figures (actual, forecast, attainment) of each
        group, computed in one batch for all the grouped objectives, so that
        pivot and graph views can show them."""
        wanted = {spec.split(":")[0] for spec in fields} & set(LIVE_FIELDS)
        if not wanted:
            return super().read_group(
                domain, fields, groupby, offset, limit, orderby, lazy
            )
        other = [spec for spec in fields if spec.split(":")[0] not in LIVE_FIELDS]
        if orderby and any(name in orderby for name in LIVE_FIELDS):
            orderby = False
        result = super().read_group(
            domain, other, groupby, offset, limit, orderby, lazy
        )
        group_records = [self.search(group["__domain"]) for group in result]
        everything = self.browse({i for recs in group_records for i in recs.ids})
        everything.fetch(["target"])
        figures = everything._crm_pme_figures()
        for group, records in zip(result, group_records, strict=True):
            totals = defaultdict(float)
            for objective in records:
                values = figures.get(objective.id, {})
                totals["target"] += objective.target
                for fname in ("actual", "forecast", "rollup_target", "rollup_actual"):
                    totals[fname] += values.get(fname, 0.0)
            totals["attainment"] = rules.attainment(totals["actual"], totals["target"])
            for fname in wanted:
                group[fname] = totals[fname]
        return result

    def action_copy_to_next_period(self):
        """Copy the objectives to the following period; objectives that exist
        there already are left as they are."""
        self.check_access("create")
        vals_list = []
        for objective in self:
            date_from, date_to = rules.next_period(
                objective.period_type, objective.date_from, objective.date_to
            )
            vals_list.append(objective._crm_pme_prepare_copy_vals(date_from, date_to))
        existing = self.search(
            [
                ("company_id", "in", self.company_id.ids),
                ("date_from", "in", list({v["date_from"] for v in vals_list})),
            ]
        )
        taken = set(existing._crm_pme_unique_keys())
        new_vals = []
        for vals in vals_list:
            key = (
                vals["user_id"],
                vals["team_id"],
                vals["sector_id"],
                vals["date_from"],
                vals["date_to"],
                vals["measure"],
                vals["product_category_id"],
            )
            if key not in taken:
                taken.add(key)
                new_vals.append(vals)
        if not new_vals:
            raise UserError(
                self.env._(
                    "The next period already has these objectives: nothing to copy."
                )
            )
        copies = self.create(new_vals)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Copied objectives"),
            "res_model": self._name,
            "view_mode": "list,form",
            "domain": [("id", "in", copies.ids)],
        }

    def _crm_pme_prepare_copy_vals(self, date_from, date_to):
        self.ensure_one()
        return {
            "owner_type": self.owner_type,
            "user_id": self.user_id.id,
            "team_id": self.team_id.id,
            "sector_id": self.sector_id.id,
            "period_type": self.period_type,
            "date_from": date_from,
            "date_to": date_to,
            "measure": self.measure,
            "product_category_id": self.product_category_id.id,
            "target": self.target,
            "company_id": self.company_id.id,
        }

    # Figures ---------------------------------------------------------------

    def _crm_pme_figures(self):
        """{objective id: {actual, forecast, rollup_target, rollup_actual}}
        for the saved objectives of self, in a number of queries that does
        not depend on how many there are (one per measure present)."""
        ids = tuple(i for i in self._origin.ids if i)
        if not ids:
            return {}
        for model, fnames in self._crm_pme_flush_fields().items():
            self.env[model].flush_model(fnames)
        rollup = self._crm_pme_rollup(ids)
        member_ids = {m for members in rollup.values() for m, _target in members}
        actuals, pipelines = self._crm_pme_actuals(tuple(set(ids) | member_ids))
        figures = {}
        for objective_id in ids:
            actual = actuals.get(objective_id, 0.0)
            members = rollup.get(objective_id, [])
            figures[objective_id] = {
                "actual": actual,
                "forecast": rules.forecast(actual, pipelines.get(objective_id, 0.0)),
                "rollup_target": sum(target for _m, target in members),
                "rollup_actual": sum(actuals.get(m, 0.0) for m, _t in members),
            }
        return figures

    @api.model
    def _crm_pme_flush_fields(self):
        return {
            "crm.pme.objective": None,
            "res.company": ["crm_pme_objective_revenue_source"],
            "res.partner": ["commercial_partner_id", "sector_id"],
            "sale.order": None,
            "sale.order.line": None,
            "account.move": None,
            "account.move.line": None,
            "crm.lead": None,
            "crm.team.member": None,
            "product.product": ["product_tmpl_id"],
            "product.template": ["categ_id"],
            "product.category": ["parent_path"],
        }

    def _crm_pme_rollup(self, ids):
        """{team objective id: [(member objective id, target)]}: the
        objectives of the team's members on the same period, measure and
        category. One query."""
        rows = self.env.execute_query(objective_sql.rollup_sql(ids))
        rollup = defaultdict(list)
        for objective_id, member_id, target in rows:
            rollup[objective_id].append((member_id, target))
        return rollup

    def _crm_pme_actuals(self, ids):
        """({objective id: actual}, {objective id: weighted pipeline})."""
        actuals = {}
        for query in (
            objective_sql.order_sql(ids),
            objective_sql.invoice_sql(ids),
            objective_sql.new_customer_sql(ids),
            objective_sql.quote_sql(ids),
        ):
            for objective_id, value in self.env.execute_query(query):
                actuals[objective_id] = float(value or 0.0)
        pipelines = {
            objective_id: float(value or 0.0)
            for objective_id, value in self.env.execute_query(
                objective_sql.pipeline_sql(ids)
            )
        }
        return actuals, pipelines
