{
    "name": "Service Contracts: Coverage",
    "summary": "Which equipment a service contract covers, on what terms, and "
    "the entitlement check used by repair orders",
    "version": "18.0.1.1.0",
    "development_status": "Beta",
    "category": "Services/Service Contracts",
    "website": "https://github.com/OCA/service-contracts",
    "author": "Service Contracts Authors, Odoo Community Association (OCA)",
    "maintainers": ["service-contracts"],
    "license": "LGPL-3",
    "depends": ["service_contract"],
    "data": [
        "security/service_contract_coverage_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/service_contract_coverage_views.xml",
        "views/service_contract_coverage_log_views.xml",
        "views/service_contract_coverage_gap_views.xml",
        "views/service_product_component_views.xml",
        "views/stock_lot_views.xml",
        "views/repair_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/service_contract_coverage_menus.xml",
        "views/product_template_views.xml",
        "views/sale_order_views.xml",
    ],
    "demo": [
        "demo/service_contract_coverage_demo.xml",
        "demo/sale_coverage_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "service_contract_coverage/static/src/tours/sale_coverage_tour.js",
        ],
    },
    "post_init_hook": "_post_init_hook",
    "installable": True,
}
