import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_pme_marketing_call_tour", {
    steps: () => [
        {
            content: "The caller reads the script beside the call",
            trigger:
                ".o_field_widget[name=crm_pme_script_step_ids] td:contains('Accroche Tour Mkt')",
        },
        {
            content: "The objection comes with its suggested answer",
            trigger:
                ".o_field_widget[name=crm_pme_script_step_ids] td:contains('Réponse Tour Mkt')",
        },
        {
            content: "End the call",
            trigger: ".o_form_statusbar button:contains('End the call')",
            run: "click",
        },
        {
            content: "Outcome: call back",
            trigger:
                ".modal .o_field_widget[name=outcome] input[data-value='call_back']",
            run: "click",
        },
        {
            content: "Choose when to call back",
            trigger: ".modal .o_field_widget[name=callback_date] input",
            run: "edit 12/03/2030 15:00:00",
        },
        {
            content: "Close the date picker",
            trigger: ".modal .modal-title",
            run: "click",
        },
        {
            content: "Note",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Rappeler après le conseil d'administration",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The call is held",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current:contains('Held')",
        },
    ],
});
