/** @odoo-module **/

import {registry} from "@web/core/registry";

// Guest relations lands on the dashboard; the in-house tile opens exactly the stays it counts.
let inHouse = null;
registry.category("web_tour.tours").add("hotel_crm_dashboard_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The home screen is the guest-relations dashboard",
            trigger: ".o_hotel_crm_dashboard .o_hotel_crm_section_arrivals",
        },
        {
            content: "Every section is shown",
            trigger: ".o_hotel_crm_dashboard .o_hotel_crm_section_complaints .o_hotel_crm_tile_sla_overdue",
        },
        {
            content: "Read the number of in-house guests",
            trigger: ".o_hotel_crm_tile_in_house .o_hotel_crm_tile_count",
            run() {
                inHouse = parseInt(this.anchor.textContent, 10);
                if (!(inHouse > 0)) {
                    throw new Error(`the demo has in-house guests, the tile shows ${inHouse}`);
                }
            },
        },
        {
            content: "Open the in-house guests",
            trigger: ".o_hotel_crm_tile_in_house",
            run: "click",
        },
        {
            content: "The list shows as many stays as the tile counted",
            trigger: ".o_list_view .o_data_row",
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row").length;
                if (rows !== inHouse) {
                    throw new Error(`the tile counted ${inHouse} in-house stays, the list shows ${rows}`);
                }
            },
        },
    ],
});
