/* Copyright 2026 CRM PME contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

function dashboardSteps(phone) {
    return [
        {
            content: "The headline is at the top: one customer lost",
            trigger:
                ".o_crm_pme_section_headline .o_crm_pme_tile[data-key=lost_count] .o_crm_pme_tile_value:contains(1)",
        },
        ...(phone
            ? [
                  {
                      content: "On a phone the filters are in a panel",
                      trigger: ".o_crm_pme_filters_toggle",
                      run: "click",
                  },
              ]
            : []),
        {
            content: "Last 12 months",
            trigger: ".o_crm_pme_filter_period",
            run: "select last_12_months",
        },
        {
            content: "The invoiced revenue of the last 12 months",
            trigger:
                ".o_crm_pme_section_sales .o_crm_pme_tile[data-key=invoiced] .o_crm_pme_tile_value:contains(2,050)",
        },
        {
            content: "The receivables are below, with their ageing",
            trigger: ".o_crm_pme_ageing tr:contains(Over 90 days)",
        },
        {
            content: "Open the customers at risk",
            trigger: ".o_crm_pme_tile[data-key=risk_count]",
            run: "click",
        },
        {
            content: "The list behind the figure",
            trigger:
                ".o_data_row:contains(=Delta Tableau), .o_kanban_record:contains(=Delta Tableau)",
        },
    ];
}

registry.category("web_tour.tours").add("crm_pme_dashboards_tour", {
    steps: () => dashboardSteps(false),
});

registry.category("web_tour.tours").add("crm_pme_dashboards_phone_tour", {
    steps: () => dashboardSteps(true),
});
