import os

from markupsafe import Markup, escape

from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ...models.complaint.common import FEEDBACK_TYPES
from ...models.guest.hotel_crm_stay import REALISED_STATES

# what the form accepts: a subject line and a letter, not a file
SUBJECT_MAX = 200
DESCRIPTION_MAX = 20_000
ID_MAX = 2**31 - 1


def _form_id(value):
    """The record id a form field holds: ASCII digits within PostgreSQL's integer range, else ``None``."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and 0 < int(value) <= ID_MAX:
        return int(value)
    return None


class HotelComplaintPortal(CustomerPortal):
    """``/my/complaints``: a signed-in guest files complaints, suggestions and compliments and follows
    their status.

    Everyone, staff included, sees the complaints they filed themselves here (portal guests are also
    held to them by the record rule ``hotel_crm_complaint_rule_portal``); a new complaint is created
    with the rights of the system for the guest's own partner, never for someone else. The pages read
    only the fields a guest may see (the handling fields are staff-only).
    """

    _complaints_per_page = 20
    _complaint_photo_max_bytes = 10 * 1024 * 1024

    def _hotel_complaint_domain(self):
        return [("partner_id", "=", request.env.user.partner_id.id)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "hotel_complaint_count" in counters:
            Complaint = request.env["hotel.crm.complaint"]
            values["hotel_complaint_count"] = (
                Complaint.search_count(self._hotel_complaint_domain()) if Complaint.has_access("read") else 0
            )
        return values

    def _hotel_complaint_form_values(self, error=None, values=None):
        partner = request.env.user.partner_id
        stays = (
            request.env["hotel.crm.stay"]
            .sudo()
            .search([("partner_id", "=", partner.id), ("state", "in", REALISED_STATES)], limit=20)
        )
        return {
            "page_name": "hotel_complaint_new",
            "stays": stays,
            "categories": request.env["hotel.crm.complaint.category"].sudo().search([]),
            # complaint, suggestion or compliment, labelled in the guest's language
            "feedback_types": request.env["hotel.crm.complaint"]
            ._fields["feedback_type"]
            ._description_selection(request.env),
            "error": error or {},
            "values": values or {},
        }

    @http.route(["/my/complaints", "/my/complaints/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_complaints(self, page=1, **kw):
        Complaint = request.env["hotel.crm.complaint"]
        values = self._prepare_portal_layout_values()
        domain = self._hotel_complaint_domain()
        count = Complaint.search_count(domain)
        pager = portal_pager(url="/my/complaints", total=count, page=page, step=self._complaints_per_page)
        complaints = Complaint.search(
            domain, order="date_received desc, id desc", limit=self._complaints_per_page, offset=pager["offset"]
        )
        values.update(
            {
                "complaints": complaints.sudo(),
                "page_name": "hotel_complaint",
                "pager": pager,
                "default_url": "/my/complaints",
            }
        )
        return request.render("hotel_crm.portal_my_complaints", values)

    @http.route("/my/complaints/new", type="http", auth="user", website=True, methods=["GET"])
    def portal_complaint_new(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update(self._hotel_complaint_form_values())
        return request.render("hotel_crm.portal_complaint_new", values)

    @http.route("/my/complaints/new", type="http", auth="user", website=True, methods=["POST"])
    def portal_complaint_submit(self, **post):
        user = request.env.user
        error = {}
        subject = (post.get("name") or "").strip()
        description = (post.get("description") or "").strip()
        if not subject:
            error["name"] = _("Please tell us in a few words what went wrong.")
        elif len(subject) > SUBJECT_MAX:
            error["name"] = _("Please keep the subject under %s characters.", SUBJECT_MAX)
        if len(description) > DESCRIPTION_MAX:
            error["description"] = _("Please keep your message under %s characters.", DESCRIPTION_MAX)
        stay = request.env["hotel.crm.stay"].sudo()
        if post.get("stay_id"):
            stay_id = _form_id(post["stay_id"])
            stay = stay.browse(stay_id).exists() if stay_id else stay.browse()
            if not stay or stay.partner_id != user.partner_id:
                stay = stay.browse()
                error["stay_id"] = _("This stay is not one of yours.")
        photo = post.get("attachment")
        photo_data = photo.read() if photo and getattr(photo, "filename", None) else b""
        if photo_data:
            mimetype = guess_mimetype(photo_data)
            if not mimetype.startswith("image/"):
                error["attachment"] = _("Please attach a photo (an image file).")
            elif len(photo_data) > self._complaint_photo_max_bytes:
                error["attachment"] = _("The photo is too large: at most %(size)s MB.", size=10)
        category = request.env["hotel.crm.complaint.category"].sudo()
        if post.get("category_id"):
            category_id = _form_id(post["category_id"])
            category = category.browse(category_id).exists() if category_id else category.browse()
            if not category:
                error["category_id"] = _("Please choose a topic from the list.")
        feedback_type = post.get("feedback_type") or "complaint"
        if feedback_type not in dict(FEEDBACK_TYPES):
            error["feedback_type"] = _("Please choose a complaint, a suggestion or a compliment.")
        if error:
            values = self._prepare_portal_layout_values()
            # echo back what fits the form, not a megabyte (nor the uploaded file)
            shown = {
                key: value[:DESCRIPTION_MAX]
                for key, value in post.items()
                if key != "attachment" and isinstance(value, str)
            }
            values.update(self._hotel_complaint_form_values(error=error, values=shown))
            return request.render("hotel_crm.portal_complaint_new", values)
        complaint = (
            request.env["hotel.crm.complaint"]
            .sudo()
            .create(
                {
                    "name": subject,
                    "description": Markup("<p>%s</p>") % escape(description).replace("\n", Markup("<br/>")),
                    "partner_id": user.partner_id.id,
                    "stay_id": stay.id,
                    "company_id": (stay.company_id or user.company_id).id,
                    "category_id": category.id,
                    "channel": "portal",
                    "feedback_type": feedback_type,
                }
            )
        )
        if photo_data:
            # linked to the complaint only: staff see it in the chatter's attachments, the guest's
            # access goes through the complaint
            request.env["ir.attachment"].sudo().create(
                {
                    "name": os.path.basename(photo.filename)[:200] or "photo",
                    "raw": photo_data,
                    "mimetype": mimetype,
                    "res_model": "hotel.crm.complaint",
                    "res_id": complaint.id,
                }
            )
        return request.redirect(f"/my/complaints/{complaint.id}?filed=1")

    @http.route("/my/complaints/<int:complaint_id>", type="http", auth="public", website=True)
    def portal_my_complaint(self, complaint_id, access_token=None, **kw):
        try:
            complaint_sudo = self._document_check_access("hotel.crm.complaint", complaint_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaint": complaint_sudo,
                "page_name": "hotel_complaint",
                "filed": kw.get("filed"),
            }
        )
        values = self._get_page_view_values(complaint_sudo, access_token, values, "my_complaints_history", False, **kw)
        return request.render("hotel_crm.portal_my_complaint", values)
