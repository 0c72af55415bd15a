{
    "name": "Hotel CRM",
    "version": "18.0.1.0.0",
    "summary": "Guest profiles, preferences, stay history and guest value for hotels running Odoo",
    "category": "Sales/CRM",
    "author": "hotel_crm developers",
    "website": "https://github.com/hotel-crm/hotel_crm",
    "license": "LGPL-3",
    "development_status": "Alpha",
    "maintainers": ["hotel-crm"],
    "depends": [
        # guest profile lives on the contact; the Contacts app gives its views and menus
        "contacts",
        # chatter, followers and activities on guests and stays
        "mail",
        # complaints are routed to hr.department (responsible, manager) for SLA escalation
        "hr",
        # guests see their loyalty tier and points at /my/loyalty, and file complaints at /my/complaints
        "portal",
        # stays are imported from CSV/Excel with Odoo's importer, which offers the stay template
        # (hotel.crm.stay.get_import_templates); auto-installed otherwise, required here
        "base_import",
        # guests are matched and deduplicated on E.164 phones parsed by phone_validation
        # (phonenumbers), not on digits trimmed by hand
        "phone_validation",
    ],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/hotel_crm_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/hotel_crm_preference_category_data.xml",
        "views/hotel_crm_preference_views.xml",
        "views/hotel_crm_stay_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "data/hotel_crm_loyalty_data.xml",
        "data/hotel_crm_loyalty_mail_template_data.xml",
        "views/hotel_crm_tier_views.xml",
        "views/hotel_crm_reward_views.xml",
        "views/hotel_crm_points_move_views.xml",
        "views/hotel_crm_points_wizard_views.xml",
        "views/res_partner_loyalty_views.xml",
        "views/hotel_crm_stay_loyalty_views.xml",
        "views/hotel_crm_loyalty_settings_views.xml",
        "views/hotel_crm_loyalty_templates.xml",
        "report/hotel_crm_points_report_views.xml",
        "data/hotel_crm_complaint_data.xml",
        "data/hotel_crm_complaint_cron.xml",
        "views/hotel_crm_complaint_views.xml",
        "views/hotel_crm_complaint_config_views.xml",
        "views/hotel_crm_improvement_views.xml",
        "views/hotel_crm_complaint_templates.xml",
        "report/hotel_crm_complaint_report_views.xml",
        "views/hotel_crm_menus.xml",
        "data/hotel_crm_value_data.xml",
        "views/res_partner_value_views.xml",
        "views/hotel_crm_guest_loss_views.xml",
        "views/hotel_crm_value_pyramid_report_views.xml",
        "views/hotel_crm_value_menus.xml",
        "views/res_company_views.xml",
    ],
    "demo": [
        "demo/hotel_crm_demo.xml",
        "demo/hotel_crm_loyalty_demo.xml",
        "demo/hotel_crm_value_demo.xml",
        "demo/hotel_crm_complaint_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "hotel_crm/static/tests/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}
