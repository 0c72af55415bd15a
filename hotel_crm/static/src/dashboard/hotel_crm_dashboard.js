/** @odoo-module **/

import {Component, onWillStart, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";

/**
 * The guest-relations dashboard, first screen of the Hotel CRM app: arrivals to prepare, in-house
 * guests who need attention, open complaints by SLA status, guests newly at risk and the headline
 * KPIs of the current property. Every number opens the records it counts.
 */
export class HotelCrmDashboard extends Component {
    static template = "hotel_crm.Dashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({data: null});
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("hotel.crm.dashboard", "get_dashboard_data", []);
    }

    openTile(tile) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: tile.label,
            res_model: tile.model,
            domain: tile.domain,
            views: [
                [false, "list"],
                [false, "form"],
            ],
            target: "current",
        });
    }

    formatKpi(value) {
        if (value === null || value === undefined || value === false) {
            return _t("n/a");
        }
        return typeof value === "number" ? value.toLocaleString(undefined, {maximumFractionDigits: 1}) : value;
    }
}

registry.category("actions").add("hotel_crm.dashboard", HotelCrmDashboard);
