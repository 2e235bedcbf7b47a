{
    "name": "Service Contracts",
    "summary": "Warranty, maintenance and points contracts on the customer's "
    "installed base",
    "version": "18.0.1.0.0",
    "category": "Services/Service Contracts",
    "website": "https://github.com/service-contracts/service-contracts",
    "author": "Service Contracts Authors",
    "maintainers": ["service-contracts"],
    "license": "LGPL-3",
    "application": True,
    "depends": ["sale_stock", "repair"],
    "external_dependencies": {"python": ["python-dateutil"]},
    "data": [
        "security/service_contract_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "report/service_contract_report.xml",
        "report/service_contract_templates.xml",
        "views/service_contract_views.xml",
        "views/service_contract_template_views.xml",
        "views/service_contract_skill_group_views.xml",
        "views/stock_lot_views.xml",
        "views/product_template_views.xml",
        "views/sale_order_views.xml",
        "views/res_partner_views.xml",
        "views/service_contract_menus.xml",
    ],
    "demo": [
        "demo/service_contract_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "service_contract/static/src/tours/*.js",
        ],
    },
    "installable": True,
}
