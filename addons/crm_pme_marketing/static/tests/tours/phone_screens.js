/* Copyright 2026 CRM PME contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registerPhoneScreens} from "@crm_pme_base/../tests/tours/phone_screens";

registerPhoneScreens({
    crm_pme_marketing_phone_campaigns: [".o_kanban_record .fw-bold"],
    crm_pme_marketing_phone_segments: [".o_kanban_record"],
    crm_pme_marketing_phone_offers: [".o_kanban_record"],
    crm_pme_marketing_phone_scripts: [".o_data_row td[name=name]"],
    crm_pme_marketing_phone_geo: [
        ".o_pivot .o_pivot_header_cell_closed, .o_pivot .o_pivot_header_cell_opened",
    ],
});
