"""The partner room's definitions, in one place: partner types, scores and the scorecard scale.

* A partner is a company contact (``res.partner``, ``is_company``) with a partner type: travel
  agency, online travel agency (OTA), corporate account (the *channel partners*, which book
  stays: ``hotel.crm.stay.booker_id``) or supplier.
* A criterion is scored 0-10 (0 = fails entirely, 5 = acceptable, 10 = excellent). The total
  score of an evaluation is ``sum(weight * score) / 10`` over its criteria, whose weights add up
  to 100: a total from 0 to 100.
"""

PARTNER_TYPES = [
    ("travel_agency", "Travel Agency"),
    ("ota", "Online Travel Agency"),
    ("corporate", "Corporate Account"),
    ("supplier", "Supplier"),
]
# the partner types that book stays: their scorecards carry the figures of the stays they booked
CHANNEL_PARTNER_TYPES = ("travel_agency", "ota", "corporate")
# the partner type of a booking company created by an import, where the stay's channel says it
PARTNER_TYPE_BY_CHANNEL = {"ota": "ota", "travel_agency": "travel_agency", "corporate": "corporate"}

SCORE_MIN, SCORE_MAX = 0, 10
SCORES = [(str(n), str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)]
# the weights of the active criteria add up to this
WEIGHT_TOTAL = 100
