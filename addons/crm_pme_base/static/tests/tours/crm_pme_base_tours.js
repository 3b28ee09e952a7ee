/** @odoo-module **/

import {registry} from "@web/core/registry";

// A salesperson creates a company from the CRM PME menu with its SIRET and
// address; the sector is assigned on save (checked by the Python test).
registry.category("web_tour.tours").add("crm_pme_base_create_company", {
    url: "/odoo/action-crm_pme_base.res_partner_action_companies",
    steps: () => [
        {
            trigger: ".o_list_button_add",
            content: "New company",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] :is(textarea, input)",
            content: "Company name",
            run: "edit Menuiserie du Tour",
        },
        {
            trigger: ".o_field_widget[name=country_id] input",
            content: "Country",
            run: "edit France",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('France')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=zip] input",
            run: "edit 69002",
        },
        {
            trigger: ".o_field_widget[name=city] input",
            run: "edit Lyon",
        },
        {
            trigger: ".o_field_widget[name=siret] input",
            content: "SIRET, checked by checksum",
            run: "edit 73282932000074",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains('Menuiserie du Tour')",
        },
        {
            trigger: ".o_form_saved",
        },
    ],
});

// On a phone: the companies open as cards, a company opens with its SME
// profile tab and lifecycle badge.
registry.category("web_tour.tours").add("crm_pme_base_phone_company", {
    url: "/odoo/action-crm_pme_base.res_partner_action_companies",
    steps: () => [
        {
            trigger: ".o_kanban_record:contains('Fromagerie du Téléphone')",
            content: "Companies are cards on a phone",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=lifecycle_state]:contains('Prospect')",
        },
        {
            trigger: "a.nav-link:contains('SME profile')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=quality_score]",
        },
    ],
});
