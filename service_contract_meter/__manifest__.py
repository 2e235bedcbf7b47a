{
    "name": "Service Contracts: Meters",
    "summary": "Meters, readings and utilisation rates; contracts that expire by "
    "usage (100,000 km or 5,000 hours, whichever comes first)",
    "version": "18.0.1.2.0",
    "development_status": "Beta",
    "category": "Services/Service Contracts",
    "website": "https://github.com/OCA/service-contracts",
    "author": "Service Contracts Authors, Odoo Community Association (OCA)",
    "maintainers": ["service-contracts"],
    "license": "LGPL-3",
    "depends": ["service_contract"],
    "data": [
        "security/service_contract_meter_security.xml",
        "security/ir.model.access.csv",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/service_meter_views.xml",
        "views/service_asset_meter_views.xml",
        "views/service_meter_reading_views.xml",
        "views/service_contract_views.xml",
        "views/service_contract_template_views.xml",
        "views/stock_lot_views.xml",
        "views/res_config_settings_views.xml",
        "views/service_contract_meter_menus.xml",
        "views/service_contract_meter_portal_templates.xml",
        "wizards/service_contract_meter_reading_import_views.xml",
        "report/service_contract_meter_templates.xml",
    ],
    "demo": [
        "demo/service_contract_meter_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "service_contract_meter/static/src/tours/service_contract_meter_tour.js",
        ],
    },
    "installable": True,
}
