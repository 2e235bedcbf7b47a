/** @odoo-module **/

import { registry } from "@web/core/registry";

// The app's settings page opens from its menu and leads to the templates.
registry.category("web_tour.tours").add("service_contract_settings_tour", {
    url: "/odoo/action-service_contract.action_service_contract_settings",
    steps: () => [
        {
            content: "The Service Contracts page of the settings",
            trigger: ".app_settings_block[data-key='service_contract'] h2:contains('Contracts')",
        },
        {
            content: "Open the contract templates",
            trigger: ".app_settings_block[data-key='service_contract'] button:contains('Manage Templates')",
            run: "click",
        },
        {
            content: "The templates list is shown",
            trigger: ".o_list_view .o_data_cell:contains('Settings Tour Template')",
        },
    ],
});
