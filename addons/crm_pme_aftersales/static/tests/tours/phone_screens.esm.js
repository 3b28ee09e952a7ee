/* Copyright 2026 CRM PME contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registerPhoneScreens} from "@crm_pme_base/../tests/tours/phone_screens";

registerPhoneScreens({
    crm_pme_aftersales_phone_tickets: [".o_kanban_record"],
    crm_pme_aftersales_phone_interventions: [".o_kanban_record"],
    crm_pme_aftersales_phone_knowledge: [".o_kanban_record"],
});
