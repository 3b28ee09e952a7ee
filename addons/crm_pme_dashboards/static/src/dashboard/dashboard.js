/* Copyright 2026 CRM PME contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {
    Component,
    onWillStart,
    onMounted,
    onPatched,
    onWillUnmount,
    useRef,
    useState,
} from "@odoo/owl";
import {loadBundle} from "@web/core/assets";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {formatFloat, formatMonetary} from "@web/views/fields/formatters";

const PERIODS = [
    ["month", _t("This month")],
    ["quarter", _t("This quarter")],
    ["year", _t("This year")],
    ["last_12_months", _t("Last 12 months")],
    ["custom", _t("Custom")],
];

/** A bar chart drawn with the Chart.js bundle Odoo ships. */
export class CrmPmeBarChart extends Component {
    static template = "crm_pme_dashboards.BarChart";
    static props = {
        labels: Array,
        datasets: Array,
        onBarClick: {type: Function, optional: true},
    };

    setup() {
        this.canvas = useRef("canvas");
        onWillStart(() => loadBundle("web.chartjs_lib"));
        onMounted(() => this.draw());
        onPatched(() => this.draw());
        onWillUnmount(() => this.chart && this.chart.destroy());
    }

    draw() {
        if (this.chart) {
            this.chart.destroy();
        }
        const colors = ["#017E84", "#A2A2A2", "#E99D00"];
        this.chart = new window.Chart(this.canvas.el, {
            type: "bar",
            data: {
                labels: this.props.labels,
                datasets: this.props.datasets.map((dataset, index) => ({
                    ...dataset,
                    backgroundColor: colors[index % colors.length],
                })),
            },
            options: {
                maintainAspectRatio: false,
                responsive: true,
                plugins: {legend: {position: "bottom"}},
                onClick: (event, elements) => {
                    if (elements.length && this.props.onBarClick) {
                        this.props.onBarClick(elements[0].index);
                    }
                },
            },
        });
    }
}

export class CrmPmeDashboard extends Component {
    static template = "crm_pme_dashboards.Dashboard";
    static components = {CrmPmeBarChart};
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.ui = useService("ui");
        this.periods = PERIODS;
        this.headers = {
            closing: [_t("Expected closing"), _t("Opportunities"), _t("Weighted")],
            criteria: [_t("Criterion"), _t("Invoiced")],
            ageing: [_t("Days past due"), _t("Amount")],
            worst: [_t("Customer"), _t("Overdue"), _t("Oldest")],
            campaigns: [
                _t("Campaign"),
                _t("Leads"),
                _t("Won"),
                _t("Revenue"),
                _t("Return on budget"),
            ],
        };
        this.state = useState({
            filters: {period: "year"},
            data: null,
            showFilters: false,
            loading: true,
        });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.loading = true;
        const data = await this.orm.call("crm.pme.dashboard", "get_dashboard", [
            this.state.filters,
        ]);
        this.state.data = data;
        Object.assign(this.state.filters, {
            company_id: data.filters.company_id,
            date_from: data.filters.date_from,
            date_to: data.filters.date_to,
        });
        this.state.loading = false;
    }

    get isSmall() {
        return this.ui.isSmall;
    }

    get sections() {
        return this.state.data ? this.state.data.sections : [];
    }

    onFilterChange(name, value) {
        const numeric = ["company_id", "user_id", "team_id", "sector_id"];
        this.state.filters[name] = numeric.includes(name)
            ? parseInt(value, 10) || false
            : value;
        if (name !== "date_from" && name !== "date_to") {
            if (name === "period" && value !== "custom") {
                delete this.state.filters.date_from;
                delete this.state.filters.date_to;
            }
        }
        if (name === "period" && value === "custom") {
            return;
        }
        this.load();
    }

    applyCustomPeriod() {
        this.load();
    }

    format(value, kind) {
        if (value === null || value === undefined) {
            return "–";
        }
        if (kind === "amount") {
            return formatMonetary(value, {
                currencyId: this.state.data.currency.id,
                digits: [16, 0],
            });
        }
        if (kind === "percent") {
            return `${formatFloat(value, {digits: [16, 1]})}\u00a0%`;
        }
        if (kind === "days") {
            return _t("%s days", formatFloat(value, {digits: [16, 1]}));
        }
        if (kind === "hours") {
            return `${formatFloat(value, {digits: [16, 1]})}\u00a0h`;
        }
        return formatFloat(value, {digits: [16, 0]});
    }

    trend(tile) {
        if (tile.previous === undefined || tile.previous === null || !tile.previous) {
            return null;
        }
        return ((tile.value - tile.previous) / Math.abs(tile.previous)) * 100;
    }

    open(action) {
        if (!action) {
            return;
        }
        this.actionService.doAction({
            type: "ir.actions.act_window",
            name: action.name,
            res_model: action.res_model,
            domain: action.domain,
            views: action.views,
            context: action.context,
            target: "current",
        });
    }

    seriesChart(section) {
        return {
            labels: section.series.map((row) => row.month.slice(0, 7)),
            datasets: [
                {label: _t("Invoiced"), data: section.series.map((row) => row.amount)},
                {
                    label: _t("Same month last year"),
                    data: section.series.map((row) => row.previous),
                },
            ],
        };
    }

    pipelineChart(section) {
        const rows = section.pipeline.by_stage;
        return {
            labels: rows.map((row) => row.label),
            datasets: [
                {label: _t("Weighted pipeline"), data: rows.map((row) => row.amount)},
            ],
        };
    }

    /** The win-back button: the marketing add-on is installed (its section
     * is on the dashboard) and the user may create segments. */
    canWinBack(section) {
        return (
            section.key === "headline" &&
            Boolean(section.win_back) &&
            this.sections.some((other) => other.key === "marketing")
        );
    }

    async createWinBackSegment() {
        const action = await this.orm.call(
            "crm.pme.dashboard",
            "action_crm_pme_win_back_segment",
            [this.state.filters]
        );
        return this.actionService.doAction(action);
    }

    exportExcel() {
        return this.actionService.doAction({
            type: "ir.actions.report",
            report_type: "xlsx",
            report_name: "crm_pme_dashboards.dashboard_xlsx",
            report_file: "crm_pme_dashboards_dashboard",
            data: {filters: {...this.state.filters}},
            context: {active_model: "crm.pme.dashboard"},
        });
    }
}

registry.category("actions").add("crm_pme_dashboards.dashboard", CrmPmeDashboard);
