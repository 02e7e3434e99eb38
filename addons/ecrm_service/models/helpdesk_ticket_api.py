# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Complaints from bridges (Facebook, web comments): the business side of
``POST /ecrm/api/v1/complaints`` through ecrm_core's intake pipeline (schema,
source binding, idempotency, error shape), like the storefront orders."""

from odoo import _, api, fields, models, tools
from odoo.tools import SQL

from odoo.addons.ecrm_core.models.ecrm_api import (
    EcrmApiError,
    EcrmFieldError,
    parse_datetime,
)

from .ecrm_api import COMPLAINT_SCHEMA

# Bridge sources that have a channel of their own; any other source is "api".
SOURCE_CHANNELS = {"facebook": "facebook", "web": "web", "web_comment": "web"}


def _utc(moment):
    """ISO 8601 UTC text of a naive UTC datetime, or None."""
    return moment and moment.isoformat(timespec="seconds") + "Z" or None


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

    # The database constraint that catches a twin request (see ecrm.api).
    _ecrm_intake_unique = ("helpdesk_ticket_ecrm_external_unique",)

    @api.model
    def _ecrm_api_intake(self, payload):
        """Take the complaint of ``payload`` through the intake pipeline
        (``ecrm.api._ecrm_intake``), like the storefront orders: returns
        ``(answer, status)``, 201 for a new complaint, 200 with the same answer
        for the same complaint sent again; raises EcrmApiError (400 malformed,
        403 another user's source, 409 same reference with other content or
        of another user, 422 unknown data). Nothing is written on error.
        """
        return self.env["ecrm.api"]._ecrm_intake_one(self._name, payload)

    @api.model
    def _ecrm_api_upsert(self, payload):
        """``(ticket, created)`` of ``payload`` (see ``_ecrm_api_intake``)."""
        answer, status = self._ecrm_api_intake(payload)
        return self.browse(answer["ticket_id"]), status == 201

    # ------------------------------------------------------------------
    # Intake pipeline hooks (see ecrm_core/models/ecrm_api_intake.py)
    # ------------------------------------------------------------------

    @api.model
    def _ecrm_intake_schema(self):
        return COMPLAINT_SCHEMA

    @api.model
    def _ecrm_intake_known(self, refs):
        """{(source, external_id): known} of the complaints already received
        under ``refs`` in this company, in one query."""
        # Plain SQL: the reference may belong to another user's complaint,
        # which the caller may neither read nor be told about (see
        # ecrm.api._ecrm_api_check_replay); and a twin committed after this
        # transaction's snapshot is read in a fresh one.
        self.flush_model(
            ["number", "partner_id", "ecrm_deadline", "ecrm_api_payload_hash"]
        )
        self.env.cr.execute(
            SQL(
                """SELECT t.ecrm_source, t.ecrm_external_id, t.id, t.number,
                          t.partner_id, t.ecrm_deadline, t.ecrm_api_payload_hash,
                          t.create_uid
                     FROM helpdesk_ticket t
                     JOIN unnest(%s::varchar[], %s::varchar[]) AS r(source, ref)
                       ON t.ecrm_source = r.source AND t.ecrm_external_id = r.ref
                    WHERE t.company_id = %s""",
                [source for source, _ref in refs],
                [ref for _source, ref in refs],
                self.env.company.id,
            )
        )
        return {
            (source, ref): {
                "answer": {
                    "ticket_id": ticket_id,
                    "number": number,
                    "partner_id": partner_id,
                    "deadline": _utc(deadline),
                },
                "status": 200,
                "hash": digest,
                "create_uid": uid,
            }
            for source, ref, ticket_id, number, partner_id, deadline, digest, uid in (
                self.env.cr.fetchall()
            )
        }

    @api.model
    def _ecrm_intake_prepare(self, items):
        """Check what the schema cannot, without writing: the customer's
        contact data, the category's configuration, the product."""
        Partner = self.env["res.partner"]
        prepared = []
        for item in items:
            try:
                try:
                    Partner._ecrm_customer_values(item["payload"]["customer"], "api")
                except EcrmFieldError as error:
                    raise EcrmApiError(
                        400, "invalid_field", error.args[0], f"customer.{error.field}"
                    ) from error
                self._ecrm_api_category(item["payload"]["category"])
                self._ecrm_api_product(item["payload"].get("product_sku"))
            except EcrmApiError as error:
                prepared.append(error)
            else:
                prepared.append(item)
        return prepared

    @api.model
    def _ecrm_intake_create(self, prepared, respond_async=False):
        answers = []
        for item in prepared:
            vals = self._ecrm_api_prepare_vals(
                item["payload"], item["source"], item["external_id"]
            )
            vals["ecrm_api_payload_hash"] = item["digest"]
            ticket = self.with_context(mail_create_nosubscribe=True).create(vals)
            if ticket.partner_id:
                ticket.message_subscribe(partner_ids=ticket.partner_id.ids)
            answers.append((ticket._ecrm_api_answer(created=True), 201))
        return answers

    @api.model
    def _ecrm_intake_status(self, source, external_id):
        ticket = self._ecrm_api_find(source, external_id)
        return ticket and ticket._ecrm_api_answer()

    @api.model
    def _ecrm_api_prepare_vals(self, payload, source, external_id):
        """The values of the complaint of ``payload`` (validated against
        COMPLAINT_SCHEMA and checked by ``_ecrm_intake_prepare``); finds or
        creates its customer."""
        customer = payload["customer"]
        name = (customer.get("name") or "").strip()
        phone = (customer.get("phone") or "").strip()
        email = (customer.get("email") or "").strip()
        subject = payload["subject"].strip()
        description = (payload.get("description") or "").strip() or subject
        partner = self.with_context(
            ecrm_origin_channel="facebook" if source == "facebook" else "api"
        )._ecrm_find_or_create_customer(name, phone, email)
        order = self._ecrm_api_order(payload.get("order"), partner)
        channel_code = SOURCE_CHANNELS.get(source, "api")
        channel = self.env["helpdesk.ticket.channel"].sudo()._ecrm_get(channel_code)
        return {
            "name": subject,
            "description": tools.plaintext2html(description),
            "category_id": self._ecrm_api_category(payload["category"]).id,
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
            "ecrm_customer_date": payload.get("date")
            and parse_datetime(payload["date"]),
            "product_id": self._ecrm_api_product(payload.get("product_sku")).id,
            "sale_order_id": order.id,
        }

    @api.model
    def _ecrm_api_category(self, code):
        """The complaint category configured for ``code`` (one of
        COMPLAINT_CATEGORIES, checked by the schema), or 422."""
        # sudo: API users hold no right on categories; only its id is used.
        category = (
            self.env["helpdesk.ticket.category"]
            .sudo()
            .search(
                [
                    ("ecrm_code", "=", code),
                    ("company_id", "in", [False, self.env.company.id]),
                ],
                limit=1,
            )
        )
        if not category:
            raise EcrmApiError(
                422,
                "unprocessable",
                _("No complaint category is configured for %s.", code),
                "category",
            )
        return category

    @api.model
    def _ecrm_api_product(self, sku):
        if not sku:
            return self.env["product.product"]
        # sudo: API users hold no right on products; only its id is used.
        product = (
            self.env["product.product"]
            .sudo()
            .search([("default_code", "=", sku.strip())], limit=1)
        )
        if not product:
            raise EcrmApiError(
                422, "unknown_sku", _("Unknown SKU %s.", sku), "product_sku"
            )
        return product

    @api.model
    def _ecrm_api_order(self, ref, partner):
        """The order ``ref`` names, by its name or by the storefront's source
        and external_id, of the complaint's customer; 400 when ``ref`` names
        neither way, 422 (naming no order) when no order of this customer
        matches."""
        Order = self.env["sale.order"].sudo()
        if ref is None:
            return Order
        if ref.get("name"):
            # sudo: API users hold no right on orders; the search is scoped to
            # the name given and the company, and the order is only linked if
            # it is the customer's (below).
            order = Order.search(
                [
                    ("name", "=", ref["name"].strip()),
                    ("company_id", "=", self.env.company.id),
                ],
                limit=1,
            )
        elif ref.get("source") and ref.get("external_id"):
            # The storefront API's orders: their lookup lives with the order API.
            found = Order._ecrm_find_external(
                self.env["ecrm.api"]._ecrm_api_normalize_source(ref["source"]),
                ref["external_id"].strip(),
            )
            order = Order.browse(found["order_id"]) if found else Order
        else:
            raise EcrmApiError(
                400,
                "invalid_field",
                _("order needs a name, or a source and an external_id."),
                "order",
            )
        if not order or (
            partner
            and order.partner_id.commercial_partner_id != partner.commercial_partner_id
        ):
            raise EcrmApiError(
                422,
                "unknown_order",
                _("No order of this customer matches the order given."),
                "order",
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
