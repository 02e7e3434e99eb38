/** @odoo-module **/
// Copyright 2026 eCRM contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// A supplier answers the complaint escalated to its company, on the portal.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("ecrm_service_supplier_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "The portal home offers the complaints to answer",
            trigger: ".o_portal_index_card a[href='/my/supplier_complaints']",
            run: "click",
        },
        {
            content: "Only the complaint escalated to the supplier is listed",
            trigger: "table:contains('Son môi bị chảy (tour)'):not(:contains('Kem chống nắng (tour)'))",
        },
        {
            content: "Open it",
            trigger: "a:contains('Son môi bị chảy (tour)')",
            run: "click",
        },
        {
            content: "The page says what to answer and before when",
            trigger: ".o_ecrm_supplier_box .o_ecrm_supplier_deadline",
        },
        {
            trigger: ".o_ecrm_supplier_box .o_ecrm_supplier_product:contains('Son môi (tour)')",
        },
        {
            content: "The problem as the customer described it, without the customer",
            trigger: ".o_ecrm_supplier_problem:contains('Son chảy ngay khi mở hộp')",
        },
        {
            content: "Write the answer",
            trigger: ".o_ecrm_supplier_answer_form textarea[name=answer]",
            run: "edit Lô son bị lỗi bảo quản; chúng tôi gửi thỏi mới cho khách trong 2 ngày.",
        },
        {
            content: "Send it",
            trigger: ".o_ecrm_supplier_answer_form button[type=submit]",
            run: "click",
        },
        {
            content: "The answer is recorded on the complaint; no form is left",
            trigger:
                ".o_ecrm_supplier_box:not(:has(.o_ecrm_supplier_answer_form)) .o_ecrm_supplier_answer:contains('Lô son bị lỗi bảo quản')",
        },
    ],
});
