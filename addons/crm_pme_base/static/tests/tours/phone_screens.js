/* Copyright 2026 CRM PME contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

// What a screen shows when it holds records, whatever its view on a phone.
const RECORDS = [
    ".o_kanban_record:not(.o_kanban_ghost)",
    ".o_data_row",
    ".o_pivot .o_pivot_cell_value",
    ".o_graph_renderer canvas",
    ".o_calendar_renderer",
    ".o_leaflet_map",
].join(", ");

/**
 * Register one tour per main screen, opened at phone size on the demo data:
 * the screen shows records (no "nothing here" helper), each of its key
 * figures and buttons is visible, and nothing is wider than the phone.
 *
 * @param {Object<string, string[]>} screens tour name: selectors of the key
 *     figures and buttons
 */
export function registerPhoneScreens(screens) {
    for (const [name, keys] of Object.entries(screens)) {
        registry.category("web_tour.tours").add(name, {
            steps: () => [
                {
                    content: "The screen shows its records",
                    trigger: RECORDS,
                    run() {
                        if (document.querySelector(".o_view_nocontent")) {
                            throw new Error("the screen shows its empty helper");
                        }
                    },
                },
                ...keys.map((trigger) => ({
                    content: `Visible: ${trigger}`,
                    trigger,
                })),
                {
                    content: "Nothing wider than the phone",
                    trigger: ".o_action_manager",
                    run() {
                        const width = document.documentElement.clientWidth;
                        if (document.documentElement.scrollWidth > width + 2) {
                            throw new Error(
                                `the page is ${document.documentElement.scrollWidth} px wide on a ${width} px screen`
                            );
                        }
                    },
                },
            ],
        });
    }
}

registerPhoneScreens({
    crm_pme_base_phone_companies: [
        ".o_kanban_record .o_field_widget[name=lifecycle_state] .badge",
        ".o-kanban-button-new",
    ],
    crm_pme_base_phone_consents: [".o_data_row td[name=state] .badge"],
    crm_pme_base_phone_lifecycle: [".o_data_row td[name=new_state]"],
    crm_pme_base_phone_duplicates: [".o_data_row td[name=similarity]"],
    crm_pme_base_phone_quality: [".o_data_row td[name=quality_score] .o_progressbar"],
});
