/** @odoo-module **/

import { registry } from "@web/core/registry";

// A customer's portal user opens their contract from /my, reads a unit's
// coverage today and asks for service on it.
registry.category("web_tour.tours").add("service_contract_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "The Service Contracts entry of the portal home, with its count",
            trigger: "a[href='/my/contracts']",
            run: "click",
        },
        {
            content: "Open the contract",
            trigger: "a.o_service_contract_portal_link:contains('SC/')",
            run: "click",
        },
        {
            content: "The contract's skills group and response time",
            trigger: ".o_service_contract_portal_skill:contains('On-site Repair')",
        },
        {
            content: "The unit is covered today",
            trigger:
                ".o_service_contract_portal_unit[data-serial='SN-PORTAL-0001'] .o_service_contract_portal_covered",
        },
        {
            content: "Describe the problem",
            trigger:
                ".o_service_contract_portal_unit[data-serial='SN-PORTAL-0001'] input[name='description']",
            run: "edit The fan is noisy",
        },
        {
            content: "Ask for service",
            trigger:
                ".o_service_contract_portal_unit[data-serial='SN-PORTAL-0001'] button.o_service_contract_portal_request",
            run: "click",
        },
        {
            content: "The page confirms the request",
            trigger: ".o_service_contract_portal_message:contains('SN-PORTAL-0001')",
        },
    ],
});
