# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Complaints from bridges (Facebook, web comments): the business side of
``POST /ecrm/api/v1/complaints``, so that the HTTP route stays a thin shell over
the order API's plumbing (bearer auth, error shape, OpenAPI)."""

import hashlib
import json
import re

from odoo import _, api, fields, models, tools
from odoo.tools import SQL

from odoo.addons.ecrm_core.models.ecrm_api import EcrmApiError, parse_datetime

from .helpdesk_ticket_category import COMPLAINT_CATEGORIES

# Bridge sources that have a channel of their own; any other source is "api".
SOURCE_CHANNELS = {"facebook": "facebook", "web": "web", "web_comment": "web"}


def _utc(moment):
    """ISO 8601 UTC text of a naive UTC datetime, or None."""
    return moment and moment.isoformat(timespec="seconds") + "Z" or None


class ComplaintApiError(EcrmApiError):
    """A refused API complaint: HTTP ``status``, error ``code`` and the ``field``
    at fault, answered as every eCRM API error."""

    def __init__(self, message, code="invalid", field=None, status=400):
        super().__init__(status, code, message, field)


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
    ecrm_customer_date = fields.Datetime(
        "Customer's Date",
        copy=False,
        readonly=True,
        help="The date the customer's complaint carries, as the bridge sent it "
        "(UTC). The deadline counts from Received On, when the platform got it.",
    )

    @api.model
    def _ecrm_api_intake(self, payload):
        """Take the complaint of ``payload`` (validated, its source already
        bound to the caller by ``ecrm.api._ecrm_api_bind_source``) once.

        Idempotent on (source, external id) per company, across workers, like
        the storefront orders: returns ``(answer, status)``, 201 for a new
        complaint, 200 with the same answer for the same complaint sent again;
        raises ComplaintApiError (409 same reference with other content or of
        another user, 400/422 naming the field). Nothing is written on error.
        """
        if not isinstance(payload, dict):
            raise ComplaintApiError(_("The body must be a JSON object."))
        # sudo: the API user holds no right on complaints, customers, orders or
        # products (its key must open nothing else); the caller was checked and
        # its source bound before this call, every lookup below is scoped to
        # the payload's own values and the caller's company, and only the
        # answer's fields go out. sudo keeps env.uid: the bridge is the
        # complaint's creator, and never follows it (mail_create_nosubscribe).
        self = self.sudo()
        source = self._ecrm_api_text(payload, "source", required=True).lower()
        external_id = self._ecrm_api_text(payload, "external_id", required=True)
        digest = hashlib.sha256(
            json.dumps(payload, sort_keys=True, default=str).encode()
        ).hexdigest()
        Api = self.env["ecrm.api"]

        def find(env):
            return env["helpdesk.ticket"]._ecrm_api_known(source, external_id)

        def create():
            vals = self._ecrm_api_prepare_vals(payload, source, external_id)
            vals["ecrm_api_payload_hash"] = digest
            ticket = self.with_context(mail_create_nosubscribe=True).create(vals)
            if ticket.partner_id:
                ticket.message_subscribe(partner_ids=ticket.partner_id.ids)
            return ticket._ecrm_api_answer(created=True), 201

        known, answer = Api._ecrm_api_once(
            self._name,
            source,
            external_id,
            find,
            create,
            ("helpdesk_ticket_ecrm_external_unique",),
        )
        if answer:
            return answer
        Api._ecrm_api_check_replay(known, digest)
        return {**known["answer"], "created": False}, 200

    @api.model
    def _ecrm_api_upsert(self, payload):
        """``(ticket, created)`` of ``payload`` (see ``_ecrm_api_intake``)."""
        answer, status = self._ecrm_api_intake(payload)
        return self.browse(answer["ticket_id"]), status == 201

    @api.model
    def _ecrm_api_known(self, source, external_id):
        """What the API answers of the complaint already received as
        ``source`` + ``external_id`` in this company, with its fingerprint and
        creator, or None."""
        # Plain SQL: the reference may belong to another user's complaint,
        # which the caller may neither read nor be told about (see
        # ecrm.api._ecrm_api_check_replay); and a twin committed after this
        # transaction's snapshot is read in a fresh one.
        self.flush_model(
            ["number", "partner_id", "ecrm_deadline", "ecrm_api_payload_hash"]
        )
        self.env.cr.execute(
            SQL(
                """SELECT id, number, partner_id, ecrm_deadline,
                          ecrm_api_payload_hash, create_uid
                     FROM helpdesk_ticket
                    WHERE company_id = %s AND ecrm_source = %s
                      AND ecrm_external_id = %s""",
                self.env.company.id,
                source,
                external_id,
            )
        )
        row = self.env.cr.fetchone()
        if not row:
            return None
        return {
            "answer": {
                "ticket_id": row[0],
                "number": row[1],
                "partner_id": row[2],
                "deadline": _utc(row[3]),
            },
            "hash": row[4],
            "create_uid": row[5],
        }

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
        customer_date = self._ecrm_api_date(payload.get("date"))
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
            # The deadline counts from when the platform received it; the
            # customer's own date is kept beside it.
            "ecrm_received_date": fields.Datetime.now(),
            "ecrm_customer_date": customer_date,
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
        """The customer's date (ISO 8601 with its offset) in naive UTC, or
        False when absent."""
        if not value:
            return False
        if not isinstance(value, str) or not re.search(r"(Z|[+-]\d{2}:?\d{2})$", value):
            raise ComplaintApiError(
                _(
                    "date must be ISO 8601 with a time zone, e.g. %s.",
                    "2026-11-21T20:05:00+07:00",
                ),
                field="date",
            )
        try:
            return parse_datetime(value)
        except (ValueError, OverflowError) as error:
            raise ComplaintApiError(
                _(
                    "date must be ISO 8601 with a time zone, e.g. %s.",
                    "2026-11-21T20:05:00+07:00",
                ),
                field="date",
            ) from error

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
            order = Order.search(
                [
                    ("name", "=", str(ref["name"])),
                    ("company_id", "=", self.env.company.id),
                ],
                limit=1,
            )
        elif ref.get("source") and ref.get("external_id"):
            # The storefront API's orders: their lookup lives with the order API.
            found = Order._ecrm_find_external(
                str(ref["source"]).strip().lower(), str(ref["external_id"]).strip()
            )
            order = Order.browse(found["order_id"]) if found else Order
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
                _("No order of this customer matches the order given."),
                code="unknown_order",
                field="order",
                status=422,
            )
        return order

    @api.model
    def _ecrm_api_find(self, source, external_id):
        """The complaint the caller sent as ``source`` + ``external_id``."""
        # sudo: a bridge reads the state of the complaints it sent, whatever
        # department now holds them; the search is scoped to the caller (its
        # creator) and only _ecrm_api_answer()'s fields go out.
        return self.sudo().search(
            [
                ("create_uid", "=", self.env.uid),
                ("ecrm_source", "=", source.strip().lower()),
                ("ecrm_external_id", "=", external_id.strip()),
                ("company_id", "=", self.env.company.id),
            ],
            limit=1,
        )

    def _ecrm_api_answer(self, created=None):
        """The JSON the API answers for this complaint."""
        self.ensure_one()

        values = {
            "ticket_id": self.id,
            "number": self.number or None,
            "partner_id": self.partner_id.id or None,
            "deadline": _utc(self.ecrm_deadline),
        }
        if created is not None:
            values["created"] = created
            return values
        values.update(
            {
                "stage": self.stage_id.name or None,
                "closed": self.closed,
                "department": self.team_id.name or None,
                "supplier": self.supplier_id.name or None,
                "supplier_state": self.ecrm_supplier_state or None,
                "received": _utc(self.ecrm_received_date),
                "customer_date": _utc(self.ecrm_customer_date),
                "resolution": self.ecrm_resolution_type or None,
                "resolution_text": self.ecrm_resolution or None,
                "rating": self.sudo().rating_last_value or None,
            }
        )
        return values
