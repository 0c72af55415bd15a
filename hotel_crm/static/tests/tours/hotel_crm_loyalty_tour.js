/** @odoo-module **/

import {registry} from "@web/core/registry";

// Front desk: open a guest, redeem a reward from the guest form, see the new balance.
registry.category("web_tour.tours").add("hotel_crm_loyalty_redeem_tour", {
    steps: () => [
        {
            content: "The guest form shows the points balance and the Loyalty tab",
            trigger: ".o_form_view .oe_stat_button:contains(Points) .o_stat_value:contains(700)",
        },
        {
            content: "Open the Loyalty tab",
            trigger: ".o_notebook .nav-link:contains(Loyalty)",
            run: "click",
        },
        {
            content: "The ledger lists the stay's points",
            trigger: ".o_field_widget[name=hotel_points_move_ids] .o_data_row:contains(LOYTOUR1)",
        },
        {
            content: "Redeem points",
            trigger: "button[name=action_hotel_redeem_points]",
            run: "click",
        },
        {
            content: "Choose a reward",
            trigger: ".modal .o_field_widget[name=reward_id] input",
            run: "edit Tour breakfast",
        },
        {
            trigger: ".o-autocomplete--dropdown-item > a:contains('Tour breakfast')",
            run: "click",
        },
        {
            content: "The wizard shows the balance after redemption",
            trigger: ".modal .o_field_widget[name=balance_after]:contains(200)",
        },
        {
            trigger: ".modal button[name=action_redeem]",
            run: "click",
        },
        {
            content: "Back on the guest: 200 points left",
            trigger: "body:not(:has(.modal)) .oe_stat_button:contains(Points) .o_stat_value:contains(200)",
        },
    ],
});
