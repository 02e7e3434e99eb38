# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Complaints from bridges (Facebook, web comments): the business side of
``POST /ecrm/api/v1/complaints``, so that the HTTP route stays a thin shell over
the order API's plumbing (bearer auth, error shape, OpenAPI)."""

import hashlib
import json
from datetime import UTC, datetime

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError

from .helpdesk_ticket_category import COMPLAINT_CATEGORIES

# Bridge sources that have a channel of their own; any other source is "api".
SOURCE_CHANNELS = {"facebook": "facebook", "web": "web", "web_comment": "web"}


class ComplaintApiError(UserError):
    """A refused API complaint: HTTP ``status``, error ``code`` and the ``field``
    at fault, as in the order API's ``{"error": {"code", "message", "field"}}``."""

    def __init__(self, message, code="invalid", field=None, status=400):
        super().__init__(message)
        self.code = code
        self.field = field
        self.status = status


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    ecrm_api_payload_hash = fields.Char(
        "API Payload Hash",
        copy=False,
        readonly=True,
        groups="base.group_system",
        help="Fingerprint of the API request that created the complaint: the same "
        "external ID sent again with other content is refused.",
    )

    @api.model
    def _ecrm_api_upsert(self, payload):
        """Create the complaint of ``payload`` once; return ``(ticket, created)``.

        The same ``source`` + ``external_id`` sent again returns the existing
        ticket with ``created`` False, or raises a 409 when its content differs.
        """
        if not isinstance(payload, dict):
            raise ComplaintApiError(_("The body must be a JSON object."))
        source = self._ecrm_api_text(payload, "source", required=True)
        external_id = self._ecrm_api_text(payload, "external_id", required=True)
        digest = hashlib.sha256(
            json.dumps(payload, sort_keys=True, default=str).encode()
        ).hexdigest()
        existing = self._ecrm_api_find(source, external_id)
        if existing:
            if existing.ecrm_api_payload_hash != digest:
                raise ComplaintApiError(
                    _(
                        "The complaint %(external_id)s from %(origin)s was already "
                        "received with other content.",
                        external_id=external_id,
                        origin=source,
                    ),
                    code="conflict",
                    field="external_id",
                    status=409,
                )
            return existing, False
        vals = self._ecrm_api_prepare_vals(payload, source, external_id)
        vals["ecrm_api_payload_hash"] = digest
        # sudo: the API user creates complaints and, if needed, the customer; all
        # values were validated above.
        ticket = self.sudo().create(vals)
        if ticket.partner_id:
            ticket.message_subscribe(partner_ids=ticket.partner_id.ids)
        return ticket, True

    @api.model
    def _ecrm_api_prepare_vals(self, payload, source, external_id):
        customer = payload.get("customer")
        if not isinstance(customer, dict):
            raise ComplaintApiError(_("The customer is required."), field="customer")
        name = self._ecrm_api_text(customer, "name", prefix="customer.")
        phone = self._ecrm_api_text(customer, "phone", prefix="customer.")
        email = self._ecrm_api_text(customer, "email", prefix="customer.")
        if not phone and not email:
            raise ComplaintApiError(
                _("The customer needs a phone number or an email address."),
                field="customer.phone",
            )
        if phone and not self.env["res.partner"]._ecrm_normalize_phone(phone):
            raise ComplaintApiError(
                _("The phone number %s is not valid.", phone), field="customer.phone"
            )
        if email and not tools.email_normalize(email):
            raise ComplaintApiError(
                _("The email address %s is not valid.", email), field="customer.email"
            )
        code = payload.get("category")
        if code not in dict(COMPLAINT_CATEGORIES):
            raise ComplaintApiError(
                _(
                    "The category must be one of: %s.",
                    ", ".join(dict(COMPLAINT_CATEGORIES)),
                ),
                field="category",
            )
        Category = self.env["helpdesk.ticket.category"].sudo()
        category = Category.search(
            [
                ("ecrm_code", "=", code),
                ("company_id", "in", [False, self.env.company.id]),
            ],
            limit=1,
        )
        if not category:
            raise ComplaintApiError(
                _("No complaint category is configured for %s.", code),
                code="unprocessable",
                field="category",
                status=422,
            )
        subject = self._ecrm_api_text(payload, "subject", required=True)
        description = self._ecrm_api_text(payload, "description") or subject
        received = self._ecrm_api_date(payload.get("date"))
        product = self._ecrm_api_product(payload.get("product_sku"))
        partner = self.with_context(
            ecrm_origin_channel="facebook" if source.lower() == "facebook" else "api"
        )._ecrm_find_or_create_customer(name, phone, email)
        order = self._ecrm_api_order(payload.get("order"), partner)
        channel_code = SOURCE_CHANNELS.get(source.lower(), "api")
        channel = self.env["helpdesk.ticket.channel"].sudo()._ecrm_get(channel_code)
        return {
            "name": subject,
            "description": tools.plaintext2html(description),
            "category_id": category.id,
            "channel_id": channel.id,
            "partner_id": partner.id,
            "partner_name": name or partner.name,
            "partner_email": email or partner.email,
            "ecrm_partner_phone": phone,
            "ecrm_source": source,
            "ecrm_external_id": external_id,
            "ecrm_received_date": received,
            "product_id": product.id,
            "sale_order_id": order.id,
        }

    @api.model
    def _ecrm_api_text(self, data, key, required=False, prefix=""):
        value = data.get(key)
        if value is not None and not isinstance(value, str | int):
            raise ComplaintApiError(
                _("%s must be a string.", prefix + key), field=prefix + key
            )
        value = str(value).strip() if value is not None else ""
        if required and not value:
            raise ComplaintApiError(
                _("%s is required.", prefix + key), field=prefix + key
            )
        return value

    @api.model
    def _ecrm_api_date(self, value):
        """ISO 8601 (with its offset) to naive UTC; now when absent."""
        if not value:
            return fields.Datetime.now()
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            moment = None
        if not moment or not moment.tzinfo:
            raise ComplaintApiError(
                _(
                    "date must be ISO 8601 with a time zone, e.g. %s.",
                    "2026-11-21T20:05:00+07:00",
                ),
                field="date",
            )
        return moment.astimezone(UTC).replace(tzinfo=None)

    @api.model
    def _ecrm_api_product(self, sku):
        if not sku:
            return self.env["product.product"]
        product = (
            self.env["product.product"]
            .sudo()
            .search([("default_code", "=", str(sku))], limit=1)
        )
        if not product:
            raise ComplaintApiError(
                _("Unknown SKU %s.", sku),
                code="unknown_sku",
                field="product_sku",
                status=422,
            )
        return product

    @api.model
    def _ecrm_api_order(self, ref, partner):
        Order = self.env["sale.order"].sudo()
        if not ref:
            return Order
        if not isinstance(ref, dict):
            raise ComplaintApiError(_("order must be an object."), field="order")
        if ref.get("name"):
            order = Order.search([("name", "=", str(ref["name"]))], limit=1)
        elif ref.get("source") and ref.get("external_id"):
            # The storefront API's orders: their lookup lives with the order API.
            found = Order._ecrm_find_external(
                str(ref["source"]), str(ref["external_id"])
            )
            order = Order.browse(found["id"]) if found else Order
        else:
            raise ComplaintApiError(
                _("order needs a name, or a source and an external_id."),
                field="order",
            )
        if not order or (
            partner
            and order.partner_id.commercial_partner_id != partner.commercial_partner_id
        ):
            raise ComplaintApiError(
                _("No order of this customer matches %s.", json.dumps(ref)),
                code="unknown_order",
                field="order",
                status=422,
            )
        return order

    @api.model
    def _ecrm_api_find(self, source, external_id):
        """The complaint a bridge sent as ``source`` + ``external_id``."""
        # sudo: a bridge reads the state of the complaints it sent, whatever
        # department now holds them; only _ecrm_api_answer()'s fields go out.
        return self.sudo().search(
            [
                ("ecrm_source", "=", source),
                ("ecrm_external_id", "=", external_id),
                ("company_id", "=", self.env.company.id),
            ],
            limit=1,
        )

    def _ecrm_api_answer(self, created=None):
        """The JSON the API answers for this complaint."""
        self.ensure_one()

        def utc(moment):
            return moment and moment.isoformat(timespec="seconds") + "Z" or None

        values = {
            "ticket_id": self.id,
            "number": self.number,
            "partner_id": self.partner_id.id or None,
            "deadline": utc(self.ecrm_deadline),
        }
        if created is not None:
            values["created"] = created
            return values
        values.update(
            {
                "stage": self.stage_id.name,
                "closed": self.closed,
                "department": self.team_id.name or None,
                "supplier": self.supplier_id.name or None,
                "supplier_state": self.ecrm_supplier_state,
                "resolution": self.ecrm_resolution_type or None,
                "resolution_text": self.ecrm_resolution or None,
                "rating": self.sudo().rating_last_value or None,
            }
        )
        return values
