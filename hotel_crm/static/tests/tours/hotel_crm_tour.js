/** @odoo-module **/

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// Front desk: open the Guests app, create a guest with a preference, book a stay for her.
registry.category("web_tour.tours").add("hotel_crm_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Hotel CRM app",
            trigger: ".o_app[data-menu-xmlid='hotel_crm.hotel_crm_menu_root']",
            run: "click",
        },
        {
            content: "The app opens on the guest-relations dashboard",
            trigger: ".o_hotel_crm_dashboard .o_hotel_crm_tile_arrivals_today",
        },
        {
            content: "Open the Guests menu",
            trigger: ".o_main_navbar .o_menu_sections button[data-menu-xmlid='hotel_crm.hotel_crm_menu_guests']",
            run: "click",
        },
        {
            content: "Open the Guests list",
            trigger: ".o-dropdown--menu a[data-menu-xmlid='hotel_crm.hotel_crm_guest_menu']",
            run: "click",
        },
        {
            content: "The Guests kanban is shown",
            trigger: ".o_kanban_view",
        },
        {
            content: "Create a guest",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "Type the guest's name",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour Guest Lin",
        },
        {
            content: "Type the guest's e-mail",
            trigger: ".o_field_widget[name=email] input",
            run: "edit tour.lin@example.com",
        },
        {
            content: "Add a preference",
            trigger: ".o_field_widget[name=hotel_preference_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Choose the Pillow category",
            trigger: ".o_field_widget[name=hotel_preference_ids] .o_data_row .o_field_widget[name=category_id] input",
            run: "edit Pillow",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Pillow')",
            run: "click",
        },
        {
            content: "Describe the preference",
            trigger: ".o_field_widget[name=hotel_preference_ids] .o_data_row .o_field_widget[name=value] input",
            run: "edit Buckwheat pillow",
        },
        {
            content: "Save the guest",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The guest got a guest code",
            trigger: ".o_field_widget[name=hotel_guest_code] span:contains('G0')",
        },
        {
            content: "Open the Stays menu",
            trigger: ".o_main_navbar .o_menu_sections a[data-menu-xmlid='hotel_crm.hotel_crm_stay_menu']",
            run: "click",
        },
        {
            content: "Book a new stay",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Pick the guest",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Guest Lin",
        },
        {
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Guest Lin')",
            run: "click",
        },
        {
            content: "Reservation reference",
            trigger: ".o_field_widget[name=external_ref] input",
            run: "edit TOUR-001",
        },
        {
            content: "Room type",
            trigger: ".o_field_widget[name=room_type] input",
            run: "edit Deluxe King",
        },
        {
            content: "Save the stay",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The arrival notes were filled from the guest's preference",
            trigger: ".o_field_widget[name=arrival_notes] textarea:value(/Buckwheat pillow/)",
        },
        {
            content: "Check the guest in",
            trigger: "button[name=action_check_in]",
            run: "click",
        },
        {
            content: "The stay is in house",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('In House')",
        },
    ],
});
