/** @odoo-module **/
// Copyright 2026 eCRM contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";
import {transferComplaint} from "./ecrm_tour_steps";

registry.category("web_tour.tours").add("ecrm_service_transfer_tour", {
    steps: () => [
        ...transferComplaint("Kho vận (tour)", "Kiểm tra kiện hàng"),
        {
            content: "The transfer is logged on the ticket",
            trigger: ".o_form_view .o_notebook a:contains('Transfers')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=ecrm_transfer_ids] td:contains('Kiểm tra kiện hàng')",
        },
    ],
});
