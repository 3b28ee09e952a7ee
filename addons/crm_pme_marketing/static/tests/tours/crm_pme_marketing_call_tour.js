import {registry} from "@web/core/registry";

// The caller reads the script as text: each step a heading, the caller's
// line breaks kept, the objection with its suggested answer.
function readScriptSteps() {
    return [
        {
            content: "The caller reads the script beside the call",
            trigger:
                ".o_field_widget[name=crm_pme_script_html] h4:contains('Accroche Tour Mkt')",
        },
        {
            content: "A step's text keeps its lines",
            trigger:
                ".o_field_widget[name=crm_pme_script_html] p:contains('Bonjour Tour Mkt')",
            run() {
                if (getComputedStyle(this.anchor).whiteSpace !== "pre-line") {
                    throw new Error("the script's line breaks are not kept");
                }
            },
        },
        {
            content: "The objection comes with its suggested answer",
            trigger:
                ".o_field_widget[name=crm_pme_script_html] p:contains('Réponse Tour Mkt')",
        },
    ];
}

registry.category("web_tour.tours").add("crm_pme_marketing_call_tour", {
    steps: () => [
        ...readScriptSteps(),
        {
            content: "End the call",
            trigger:
                ".o_form_sheet div[name=caller_buttons] button:contains('End the call')",
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

// On a phone: the script reads as text (not one word per line in a table)
// and "End the call" is a big button in the sheet, not hidden in a menu.
registry.category("web_tour.tours").add("crm_pme_marketing_call_phone_tour", {
    steps: () => [
        ...readScriptSteps(),
        {
            content: "End the call, from the sheet",
            trigger:
                ".o_form_sheet div[name=caller_buttons] button.btn-lg:contains('End the call')",
            run: "click",
        },
        {
            content: "Outcome: not interested",
            trigger:
                ".modal .o_field_widget[name=outcome] input[data-value='not_interested']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The call is held",
            trigger: ".o_form_view:not(:has(div[name=caller_buttons] button))",
        },
    ],
});
