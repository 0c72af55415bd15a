/** @odoo-module **/

import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("hotel_crm_complaint_tour", {
    url: "/odoo/action-hotel_crm.hotel_crm_complaint_action",
    steps: () => [
        {
            content: "the kanban card shows the complaint and its time left",
            trigger: '.o_kanban_record:contains("Tour: broken kettle"):contains("left")',
            run: "click",
        },
        {
            content: "the form opens on the received step; confirm the complaint",
            trigger: '.o_form_view .o_statusbar_status button:contains("Confirmed")',
            run: "click",
        },
        {
            content: "the complaint is confirmed",
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current:contains("Confirmed")',
        },
        {
            content: "open the 14-step handling checklist",
            trigger: '.o_notebook .nav-link:contains("Handling Checklist")',
            run: "click",
        },
        {
            content: "the seed's steps are listed",
            trigger: '.o_field_widget[name=checklist_ids] .o_data_row:contains("Listen to the complaint")',
        },
        {
            content: "open the SLA tab",
            trigger: '.o_notebook .nav-link:contains("SLA")',
            run: "click",
        },
        {
            content: "the first response is stamped",
            trigger: ".o_field_widget[name=first_response_date]:not(:empty)",
        },
    ],
});

registry.category("web_tour.tours").add("hotel_crm_complaint_report_tour", {
    url: "/odoo/action-hotel_crm.hotel_crm_complaint_report_action",
    steps: () => [
        {
            content: "the analysis opens as a pivot by cause",
            trigger: '.o_pivot th:contains("Service Quality")',
        },
        {
            content: "SLA compliance, median resolution hours and recovery rate are measures",
            trigger: '.o_pivot th:contains("SLA Compliance (%)")',
        },
        {
            trigger: '.o_pivot th:contains("Median Resolution Hours")',
        },
    ],
});

registry.category("web_tour.tours").add("hotel_crm_improvement_tour", {
    url: "/odoo/action-hotel_crm.hotel_crm_improvement_action",
    steps: () => [
        {
            content: "the four PDCA columns are shown, even empty ones",
            trigger: '.o_kanban_group .o_column_title:contains("Check")',
        },
        {
            trigger: '.o_kanban_group .o_column_title:contains("Act")',
        },
        {
            content: "the improvement action sits in Plan",
            trigger: '.o_kanban_group:has(.o_column_title:contains("Plan")) .o_kanban_record:contains("Tour: kettles")',
        },
    ],
});
