/** @odoo-module **/
// Copyright 2026 eCRM contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// Steps that several eCRM tours take the same way.

import { stepUtils } from "@web_tour/tour_service/tour_utils";

/** Wait for the user's home action, then open the app of ``menuXmlid``. */
export function openApp(menuXmlid, description) {
    return [
        {
            // the user's home action opens first: switch apps once it is shown
            content: "The home screen is loaded",
            trigger: ".o_action_manager .o_action",
            timeout: 30000,
        },
        ...stepUtils.goToAppSteps(menuXmlid, description),
    ];
}

/** Wait for the user's home action, then open the eCRM app. */
export function openEcrmApp() {
    return openApp("ecrm_core.menu_ecrm_root", "Open the eCRM app");
}
