"""One phone, one guest: phones compared in E.164 (``+8613912345678``), whatever their format.

Parsing and validation are Odoo's ``phone_validation`` module and the ``phonenumbers`` package
(Google's libphonenumber metadata), never digits trimmed by hand: ``(+86) 139 1234 5678`` and
``+86 139 1234 5678`` are the same number, a UK ``+44 20 7946 0958`` and a US
``+1 207 946 0958`` are not, and ``139 4582 4202`` typed at a Chinese property is
``+8613945824202``. The duplicate filter, the merge offer and the stay import all compare
``res.partner.hotel_phone_e164``, built by ``_hotel_phone_keys``.
"""

import functools

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.phone_validation.tools import phone_validation

# what a phone number can hold with its separators and extension: longer input is no phone
PHONE_MAX_LENGTH = 64
# E.164 keys kept between calls (an import of many rows, a chunked load): bounded
PHONE_KEY_CACHE = 65536


@functools.lru_cache(maxsize=PHONE_KEY_CACHE)
def phone_e164(phone, country_code=None, country_phone_code=None):
    """E.164 form of ``phone`` read in the country ``country_code`` (ISO, e.g. ``"CN"``) when it has
    no country code of its own, through ``phone_validation`` (``phonenumbers``).

    :return: ``str`` such as ``"+8613945824202"``, or ``False`` for an empty, overlong (over 64
        characters), impossible or invalid number, or a national number with no country
    """
    number = phone.strip()
    if not number or len(number) > PHONE_MAX_LENGTH:
        return False
    if number.startswith("00"):
        # 00 is the international call prefix of most countries, with or without a region
        number = "+" + number[2:]
    try:
        return (
            phone_validation.phone_format(
                number, country_code or None, country_phone_code or None, force_format="E164", raise_exception=True
            )
            or False
        )
    except UserError:
        return False


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    hotel_phone_e164 = fields.Char(
        string="Phone (E.164)",
        compute="_compute_hotel_phone_e164",
        store=True,
        index="btree_not_null",
        help="The guest's phone (else mobile) in international E.164 form, e.g. +8613912345678: "
        "what guests are matched and deduplicated on. A number without country code is read in "
        "the country of the contact's company (property), else of the contact's own country.",
    )

    @api.depends("phone", "mobile", "country_id", "company_id.country_id")
    def _compute_hotel_phone_e164(self):
        for partner in self:
            number = partner.phone or partner.mobile
            partner.hotel_phone_e164 = (
                self._hotel_phone_key(number, partner.company_id, partner.country_id) if number else False
            )

    # ------------------------------------------------------------------
    # Public helpers: the one way to turn a phone into a matching key
    # ------------------------------------------------------------------
    @api.model
    def _hotel_phone_key(self, phone, company=None, country=None):
        """E.164 key of one phone number: see ``_hotel_phone_keys``.

        :return: ``str`` such as ``"+8613945824202"``, or ``False``
        """
        if not isinstance(phone, str):
            return False
        return self._hotel_phone_keys([phone], company=company, country=country)[phone]

    @api.model
    def _hotel_phone_keys(self, phones, company=None, country=None):
        """E.164 keys of phone numbers, to match and deduplicate guests.

        A number with its country code (``+86 …``, ``0086 …``) is read as such; one without is
        read in the country of the property ``company`` (the hotel where the guest stays or is
        imported), else in the guest's ``country``; never in the current company of whoever runs
        the code. Parsing and validation: ``phone_validation`` / ``phonenumbers``.

        :param phones: iterable of phone numbers as typed (``str``; anything else gives ``False``)
        :param company: ``res.company`` (property) whose country is the default region, or ``None``
        :param country: ``res.country`` of the guest, the default region when the property has none
        :return: ``{phone: "+8613945824202" or False}`` for each distinct string; ``False`` for an
            empty, overlong (over 64 characters), impossible or invalid number, or a national number
            with no region to read it in. Raises nothing.
        """
        region = (company.country_id if company else None) or country or self.env["res.country"]
        code, phone_code = region.code or None, region.phone_code or None
        return {phone: phone_e164(phone, code, phone_code) for phone in phones if isinstance(phone, str)}
