/* Copyright 2026 CRM PME contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_pme_aftersales_technician_tour", {
    steps: () => [
        {
            content: "Open today's intervention",
            trigger: ".o_kanban_record:contains(Tour AS Boulangerie)",
            run: "click",
        },
        {
            content: "Start it",
            trigger: ".o_form_view button[name=action_start]",
            run: "click",
        },
        {
            content: "It runs",
            trigger: ".o_form_view button[name=action_stop]",
        },
        {
            content: "Open the parts",
            trigger: ".o_notebook .nav-link:contains(Parts)",
            run: "click",
        },
        {
            content: "Add a part",
            trigger: ".o_field_widget[name=line_ids] .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Choose the part: on a phone, a search dialog opens",
            trigger: ".modal .o_field_widget[name=product_id] input",
            run: "click",
        },
        {
            trigger: ".modal button:has(i.fa-search)",
            run: "click",
        },
        {
            trigger: ".modal .o_searchview_input",
            run: "edit Pétrin tour AS",
        },
        {
            trigger: ".modal .o_searchview_input",
            run: "press Enter",
        },
        {
            trigger: ".modal .o_kanban_record:contains(Pétrin tour AS)",
            run: "click",
        },
        {
            trigger:
                ".modal .o_field_widget[name=product_id] input:value(Pétrin tour AS)",
        },
        {
            content: "Save the part",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger:
                ".o_field_widget[name=line_ids] .o_kanban_record:contains(Pétrin tour AS)",
        },
        {
            content: "Open the signature",
            trigger: ".o_notebook .nav-link:contains(Customer signature)",
            run: "click",
        },
        {
            content: "The customer gives their name",
            trigger: ".o_field_widget[name=signed_by] input",
            run: "edit Claire Tour",
        },
        {
            content: "and signs",
            trigger: ".o_field_widget[name=signature] .o_signature",
            run: "click",
        },
        {
            trigger: ".modal .modal-footer .btn-primary:enabled",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=signature] img.o_signature",
        },
        {
            content: "Stop",
            trigger: ".o_form_view button[name=action_stop]",
            run: "click",
        },
        {
            content: "Stopped: it can start again",
            trigger: ".o_form_view button[name=action_start]",
        },
    ],
});
