/** @odoo-module **/

import {registry} from "@web/core/registry";

// The demo roles doing their main job, as issue "the web client as hotel staff and guests meet it"
// walked them. Each tour starts on the URL its HttpCase gives.

// Front desk (1/3): find a guest, see what serves her now, add a preference.
registry.category("web_tour.tours").add("hotel_crm_webclient_desk_guest_tour", {
    steps: () => [
        {
            content: "search the guest by name",
            trigger: ".o_searchview_input",
            run: "edit Desk Tour Guest",
        },
        {
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "open her card",
            trigger: ".o_kanban_record:contains('Desk Tour Guest')",
            run: "click",
        },
        {
            content: "the form leads with what serves the guest now: her next stay",
            trigger: ".o_field_widget[name=hotel_next_stay_id]:contains('DESK-NEXT')",
        },
        {
            content: "her open complaint is counted",
            trigger: ".o_field_widget[name=hotel_complaint_open_count]:contains('1')",
        },
        {
            content: "and that restricted notes exist, without their content",
            trigger: ".o_hotel_restricted_notes:contains('visible to authorised staff only')",
        },
        {
            content: "no analytics for the desk",
            trigger: "body:not(:has(.o_notebook .nav-link:contains('Analytics')))",
        },
        {
            content: "add a preference",
            trigger: ".o_field_widget[name=hotel_preference_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=hotel_preference_ids] .o_data_row .o_field_widget[name=category_id] input",
            run: "edit Pillow",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Pillow')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=hotel_preference_ids] .o_data_row .o_field_widget[name=value] input",
            run: "edit Buckwheat pillow",
        },
        {
            content: "save the guest",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "the preference is listed",
            trigger:
                ".o_form_saved .o_field_widget[name=hotel_preference_ids] .o_data_row:contains('Buckwheat pillow')",
        },
    ],
});

// Front desk (2/3): book a stay; it takes the property's currency and saves.
registry.category("web_tour.tours").add("hotel_crm_webclient_desk_stay_tour", {
    steps: () => [
        {
            content: "pick the guest",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: "edit Desk Tour Guest",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Desk Tour Guest')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=external_ref] input",
            run: "edit DESK-BOOK",
        },
        {
            trigger: ".o_field_widget[name=revenue_room] input",
            run: "edit 880",
        },
        {
            content: "save the booking",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "saved, no 'Invalid fields' warning",
            trigger: ".o_form_saved .o_statusbar_status button.o_arrow_button_current:contains('Booked')",
        },
        {
            trigger: "body:not(:has(.o_notification:contains('Invalid fields')))",
        },
    ],
});

// Front desk (3/3): log a complaint; it is routed and saved although she has no e-mail of her own.
registry.category("web_tour.tours").add("hotel_crm_webclient_desk_complaint_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Desk tour: shower runs cold",
        },
        {
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Desk Tour Guest",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Desk Tour Guest')",
            run: "click",
        },
        {
            content: "save the complaint",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "saved: the complaint got its reference",
            trigger: ".o_form_saved .o_field_widget[name=reference]:contains('CMP/')",
        },
    ],
});

// Portal guest: file a complaint with a description and see it listed.
registry.category("web_tour.tours").add("hotel_crm_webclient_portal_tour", {
    steps: () => [
        {
            content: "under 'Tell us more' is a text box",
            trigger: ".o_hotel_complaint_form textarea[name=description]:visible",
        },
        {
            trigger: "input[name=name]",
            run: "edit Portal tour: noisy air conditioning",
        },
        {
            trigger: "textarea[name=description]",
            run: "edit It rattles all night in room 808.",
        },
        {
            content: "send",
            trigger: ".o_hotel_complaint_form button[type=submit]",
            run: "click",
        },
        {
            content: "the complaint is received and shows the description",
            trigger: ".alert-success:contains('Thank you for telling us')",
        },
        {
            trigger: ".o_hotel_complaint_card:contains('It rattles all night in room 808.')",
        },
        {
            content: "back to the list",
            trigger: "a[href='/my/complaints']",
            run: "click",
        },
        {
            content: "the complaint is listed",
            trigger: "table:contains('Portal tour: noisy air conditioning')",
        },
    ],
});

// Guest relations (1/2): open an at-risk guest, see the analytics tab.
registry.category("web_tour.tours").add("hotel_crm_webclient_relations_guest_tour", {
    steps: () => [
        {
            content: "the managers' analytics tab",
            trigger: ".o_notebook .nav-link:contains('Analytics')",
            run: "click",
        },
        {
            content: "the guest's life-cycle stage says at risk",
            trigger: ".o_notebook .o_field_widget[name=hotel_lifecycle_stage]:contains('At Risk')",
        },
        {
            trigger: ".o_field_widget[name=hotel_clv]",
        },
    ],
});

// Guest relations (2/2): the loss analysis shows the lost revenue by reason.
registry.category("web_tour.tours").add("hotel_crm_webclient_relations_loss_tour", {
    steps: () => [
        {
            content: "the loss analysis opens on its pivot",
            trigger: ".o_pivot th:contains('Total')",
        },
        {
            content: "measured in lost annual revenue",
            trigger: ".o_pivot th:contains('Lost Annual Revenue')",
        },
        {
            content: "with the reasons guest relations found",
            trigger: ".o_pivot th:contains('Service quality')",
        },
    ],
});
