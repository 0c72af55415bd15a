from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .common import WEIGHT_TOTAL


class HotelCrmPartnerCriterion(models.Model):
    """A criterion partners are evaluated on, with its weight in the total score.

    The weights of the active criteria must add up to 100 (``WEIGHT_TOTAL``). The list of criteria
    is edited one row at a time, so the sum is not enforced on every save of a criterion (moving
    five points from one criterion to another takes two saves): it is enforced, with an error
    saying the current total, whenever an evaluation is created from the criteria
    (``_hotel_check_weights``), and each evaluation keeps the weights it was created with.
    """

    _name = "hotel.crm.partner.criterion"
    _description = "Partner Evaluation Criterion"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    weight = fields.Integer(
        required=True,
        default=0,
        help="Share of this criterion in the total score, in points out of 100; the weights of the "
        "active criteria must add up to 100.",
    )
    description = fields.Text(translate=True, help="What the evaluator looks at, and what a 0, a 5 and a 10 mean.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("weight_range", "CHECK(weight >= 0 AND weight <= 100)", "A criterion's weight is between 0 and 100."),
    ]

    @api.model
    def _hotel_check_weights(self):
        """The active criteria, checked to weigh 100 together.

        :return: the active criteria (``hotel.crm.partner.criterion`` records, in order)
        :raise ValidationError: when there is none, or their weights do not add up to 100,
            naming the total
        """
        criteria = self.search([])
        total = sum(criteria.mapped("weight"))
        if not criteria or total != WEIGHT_TOTAL:
            raise ValidationError(
                _(
                    "The weights of the active partner evaluation criteria add up to %(total)s; they must add up "
                    "to %(expected)s. Adjust them in Hotel CRM > Configuration > Partner Criteria.",
                    total=total,
                    expected=WEIGHT_TOTAL,
                )
            )
        return criteria

    @api.model
    def hotel_weights_total(self):
        """Sum of the weights of the active criteria (100 when the configuration is complete)."""
        return sum(self.search([]).mapped("weight"))
