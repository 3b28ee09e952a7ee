/** @odoo-module **/

import {registry} from "@web/core/registry";

// A sales manager sets a revenue objective of 4,000 for Léa for the current
// quarter (the default period); the Python test checks what was saved.
registry.category("web_tour.tours").add("crm_pme_sales_set_objective", {
    url: "/odoo/action-crm_pme_sales.crm_pme_objective_action",
    steps: () => [
        {
            trigger: ".o_list_button_add",
            content: "New objective",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=user_id] input",
            content: "For a salesperson",
            run: "edit Léa",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Léa Lyon')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=target] input",
            content: "Target",
            run: "edit 4000",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
    ],
});

// On a phone, the salesperson opens "My objectives": the objective is a card
// that opens on its figures.
registry.category("web_tour.tours").add("crm_pme_sales_my_objectives_phone", {
    url: "/odoo/action-crm_pme_sales.crm_pme_objective_action_mine",
    steps: () => [
        {
            trigger: ".o_kanban_record:contains('4,000')",
            content: "My objective, as a card",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=target]:contains('4,000')",
        },
        {
            trigger: ".o_field_widget[name=attainment]",
        },
    ],
});

// A sales manager confirms a quotation blocked by the customer's overdue
// invoices: the wizard asks why; the Python test checks the logged override.
registry.category("web_tour.tours").add("crm_pme_sales_confirm_despite_overdue", {
    steps: () => [
        {
            trigger: ".o_form_view button[name=action_crm_pme_confirm_overdue]",
            content: "Confirm despite overdue",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=reason] textarea",
            content: "Say why",
            run: "edit Paiement promis le 15 par le gérant",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            trigger:
                ".o_statusbar_status button[data-value=sale].o_arrow_button_current",
            content: "The quotation is now a sales order",
        },
    ],
});

// On a phone, the sales manager opens "Sales objectives": every objective is
// a card (no empty "None" column), and an objective passed by half shows a
// full green bar with "150 %" on one line.
registry.category("web_tour.tours").add("crm_pme_sales_objectives_manager_phone", {
    url: "/odoo/action-crm_pme_sales.crm_pme_objective_action",
    steps: () => [
        {
            trigger: ".o_kanban_view:not(:has(.o_kanban_group))",
            content: "Objectives as cards, not grouped in columns",
        },
        {
            trigger: ".o_kanban_record:contains('Équipe Export') .o_crm_pme_attainment",
            content: "The team objective is a card too",
        },
        {
            trigger:
                ".o_kanban_record:contains('1,000') .o_crm_pme_attainment .bg-success",
            content: "A passed objective: a full green bar",
            run() {
                const value = this.anchor
                    .closest(".o_crm_pme_attainment")
                    .querySelector(".o_progressbar_value");
                const text = value.textContent.replace(/\s+/g, " ").trim();
                if (!/^150([.,]0+)?\s?%$/.test(text)) {
                    throw new Error(`attainment shown as "${text}"`);
                }
                const lineHeight = parseFloat(getComputedStyle(value).lineHeight) || 24;
                if (value.getBoundingClientRect().height > 1.5 * lineHeight) {
                    throw new Error(`"${text}" wraps on several lines`);
                }
            },
        },
    ],
});
