/** @odoo-module **/
// Copyright 2026 eCRM contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// A complaint handler's day: the Complaints app, a hotline call, a transfer.
import {registry} from "@web/core/registry";
import {transferComplaint} from "./ecrm_tour_steps";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("ecrm_service_agent_day_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "ecrm_service.menu_complaints_app",
            "Open the Complaints app from the home menu"
        ),
        {
            content: "The team's kanban is grouped by stage",
            trigger: ".o_kanban_view .o_kanban_group .o_column_title",
        },
        {
            content: "A late complaint is shown in red with its countdown",
            trigger:
                ".o_kanban_record:contains('Giao trễ (tour)') .o_ecrm_deadline_late.text-danger:contains('Late by')",
        },
        {
            content: "A complaint due within 2 hours is shown in orange",
            trigger:
                ".o_kanban_record:contains('Sắp hết hạn (tour)') .o_ecrm_deadline_soon.text-warning",
        },
        {
            content: "The card shows the customer, the channel and the supplier",
            trigger:
                ".o_kanban_record:contains('Sắp hết hạn (tour)'):contains('Nguyễn Thị Lan (tour)') .o_ecrm_card_channel:contains('Công ty TNHH')",
        },
        {
            content: "A customer calls: log a hotline complaint",
            trigger: ".o_control_panel button.o_ecrm_hotline_button",
            run: "click",
        },
        {
            content: "Find the customer by the phone number she gives",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: "edit 0912 000 333",
        },
        {
            trigger: ".ui-autocomplete a:contains('Nguyễn Thị Lan (tour)')",
            run: "click",
        },
        {
            content: "Pick the category",
            trigger: ".o_form_view .o_field_widget[name=category_id] input",
            run: "edit Delivery",
        },
        {
            trigger: ".ui-autocomplete a:contains('Delivery')",
            run: "click",
        },
        {
            content: "Title of the complaint",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Gọi hotline: kiện hàng bị móp",
        },
        {
            content: "Describe what the customer says",
            trigger: ".o_form_view .o_field_html[name=description] .odoo-editor-editable div.o-paragraph",
            run: "editor Hộp bị móp, thiếu 1 chai dầu gội trong đơn.",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the complaint has its number and deadline",
            trigger:
                ".o_form_view .o_form_status_indicator:not(.o_form_status_indicator_new_record)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=ecrm_countdown]:contains('left')",
        },
        // Verified: transfer it to the department that acts
        ...transferComplaint("Kho vận (tour)", "Kiểm tra kiện hàng và gửi bù"),
        {
            content: "The transfer is in the chatter",
            trigger: ".o-mail-Chatter .o-mail-Message:contains('Transferred to Kho vận (tour)')",
        },
        {
            content: "and on the Transfers tab",
            trigger: ".o_form_view .o_notebook a:contains('Transfers')",
            run: "click",
        },
        {
            trigger:
                ".o_form_view .o_field_widget[name=ecrm_transfer_ids] td:contains('Kiểm tra kiện hàng và gửi bù')",
        },
    ],
});
