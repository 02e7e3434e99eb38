/** @odoo-module **/
// Copyright 2026 eCRM contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("ecrm_open_menu", {
    url: "/odoo",
    steps: () => [
        {
            // the user's home action opens first: switch apps once it is shown
            content: "The home screen is loaded",
            trigger: ".o_action_manager .o_action",
            timeout: 30000,
        },
        ...stepUtils.goToAppSteps("ecrm_core.menu_ecrm_root", "Open the eCRM app"),
        {
            content: "The customers of the demo data are listed",
            trigger: ".o_kanban_record:contains('Hà Nội')",
        },
        {
            content: "Open the orders menu",
            trigger: ".o_main_navbar button[data-menu-xmlid='ecrm_core.menu_ecrm_orders_root']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='ecrm_core.menu_ecrm_orders']",
            run: "click",
        },
        {
            content: "Orders of every channel are there",
            trigger: ".o_list_view .o_data_row",
        },
    ],
});
