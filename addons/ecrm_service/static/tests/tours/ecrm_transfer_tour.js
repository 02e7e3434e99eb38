/** @odoo-module **/
// Copyright 2026 eCRM contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("ecrm_service_transfer_tour", {
    steps: () => [
        {
            content: "The ticket form offers a Transfer button",
            trigger: ".o_form_view button.o_ecrm_transfer_button",
            run: "click",
        },
        {
            content: "Choose the department",
            trigger: ".modal .o_field_widget[name=team_id] input",
            run: "edit Kho vận (tour)",
        },
        {
            trigger: ".ui-autocomplete a:contains('Kho vận (tour)')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Kiểm tra kiện hàng",
        },
        {
            content: "Transfer",
            trigger: ".modal footer button[name=action_transfer]",
            run: "click",
        },
        {
            content: "The ticket is now in the department",
            trigger:
                ".o_form_view:not(:has(.modal)) .o_field_widget[name=team_id] input:value('Kho vận (tour)')",
        },
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
