"""Values shared by the complaint room's models, reports and controllers."""

COMPLAINT_CHANNELS = [
    ("in_person", "In Person"),
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("portal", "Guest Portal"),
    ("social_media", "Social Media"),
    ("ota_review", "OTA Review"),
    ("survey", "Survey"),
]
# causes of complaints: the product, the service, the information given, the staff's attitude, the
# price, a policy of the hotel
CAUSES = [
    ("product_quality", "Product Quality"),
    ("service_quality", "Service Quality"),
    ("information", "Information"),
    ("attitude", "Staff Attitude"),
    ("price", "Price"),
    ("policy", "Policy"),
    ("other", "Other"),
]
SEVERITIES = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]
COMPENSATION_TYPES = [
    ("none", "None"),
    ("apology", "Apology"),
    ("discount", "Discount"),
    ("upgrade", "Upgrade"),
    ("points", "Loyalty Points"),
    ("refund", "Refund"),
    ("gift", "Gift"),
]
# handling data hidden from the guest: a portal user reads their own complaint through the record
# rule, and a rule limits rows, not fields; these fields are for the staff only
STAFF = "hotel_crm.hotel_crm_group_user"
MANAGER = "hotel_crm.hotel_crm_group_manager"
# what the guest tells us: a complaint (handled in seven steps, under an SLA), a suggestion (may
# start an improvement action) or a compliment (names the staff to recognise); the complaint KPIs,
# SLAs, checklist and recovery count complaints only
FEEDBACK_TYPES = [
    ("complaint", "Complaint"),
    ("suggestion", "Suggestion"),
    ("compliment", "Compliment"),
]
# step 9 of the 14-step handling method, "judge the real reason": a failure of the hotel (justified)
# or a misunderstanding of the guest
JUDGEMENTS = [
    ("justified", "Justified"),
    ("misunderstanding", "Guest Misunderstanding"),
]
