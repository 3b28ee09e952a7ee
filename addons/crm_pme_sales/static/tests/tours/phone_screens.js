/* Copyright 2026 CRM PME contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registerPhoneScreens} from "@crm_pme_base/../tests/tours/phone_screens";

registerPhoneScreens({
    crm_pme_sales_phone_objectives: [".o_kanban_record .o_crm_pme_attainment"],
    crm_pme_sales_phone_portfolio: [
        ".o_kanban_record .o_field_widget[name=lifecycle_state] .badge",
        ".o_kanban_record:contains(12 months:)",
    ],
    crm_pme_sales_phone_quotes: [".o_pivot .o_pivot_cell_value"],
    crm_pme_sales_phone_activity: [".o_pivot .o_pivot_cell_value"],
});
