# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Delivery outcome of an order: from the warehouse's transfers and from
carriers or storefronts through
``POST /ecrm/api/v1/orders/<source>/<external_id>/delivery``."""

from datetime import timedelta

from odoo import _, api, fields, models
from odoo.tools import SQL

from .ecrm_api import EcrmApiError, parse_datetime, payload_hash, printable
from .ecrm_delivery_event import DELIVERY_STATUSES, FAILURE_REASONS

DELIVERY_STATES = [("pending", "Pending"), *DELIVERY_STATUSES]
FAILED_STATES = ("failed", "returned")

DELIVERY_EVENT_SCHEMA = {
    "type": "object",
    "required": ["event_id", "status"],
    "additionalProperties": False,
    "properties": {
        "event_id": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128,
            "description": "The sender's identifier of this event: the same "
            "event sent again is recorded once.",
        },
        "status": {
            "type": "string",
            "enum": [code for code, _label in DELIVERY_STATUSES],
        },
        "reason": {
            "type": "string",
            "enum": [code for code, _label in FAILURE_REASONS],
            "description": "Required when status is failed; returned by default "
            "when status is returned.",
        },
        "carrier": {"type": "string", "maxLength": 64},
        "date": {
            "type": "string",
            "format": "date-time",
            "description": "When it happened; now if absent. Not before the "
            "order, not in the future.",
        },
        "attempt": {"type": "integer", "minimum": 1, "maximum": 20},
    },
}

DELIVERY_RESULT_SCHEMA = {
    "type": "object",
    "properties": {
        "order_id": {"type": "integer"},
        "delivery_state": {
            "type": "string",
            "enum": [code for code, _label in DELIVERY_STATES],
        },
        "created": {
            "type": "boolean",
            "description": "False when this event_id was already received.",
        },
    },
}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ecrm_delivery_event_ids = fields.One2many(
        "ecrm.delivery.event", "order_id", "Delivery Events"
    )
    ecrm_delivery_state = fields.Selection(
        DELIVERY_STATES,
        "Delivery Outcome",
        compute="_compute_ecrm_delivery",
        store=True,
        index=True,
        help="Pending until the order is delivered, or its delivery failed or "
        "came back. Set by the warehouse's transfers and by carriers' events.",
    )
    ecrm_delivery_reason = fields.Selection(
        FAILURE_REASONS,
        "Failure Reason",
        compute="_compute_ecrm_delivery",
        store=True,
    )
    ecrm_delivery_attempts = fields.Integer(
        "Delivery Attempts", compute="_compute_ecrm_delivery", store=True
    )
    ecrm_delivery_carrier = fields.Char(
        "Carrier", compute="_compute_ecrm_delivery", store=True
    )
    ecrm_delivery_date = fields.Datetime(
        "Delivery Outcome Date",
        compute="_compute_ecrm_delivery",
        store=True,
        help="When the order was delivered, or its last delivery failed.",
    )

    @api.depends(
        "delivery_status",
        "effective_date",
        "ecrm_delivery_event_ids.status",
        "ecrm_delivery_event_ids.date",
        "ecrm_delivery_event_ids.reason",
        "ecrm_delivery_event_ids.attempt",
        "ecrm_delivery_event_ids.carrier",
    )
    def _compute_ecrm_delivery(self):
        for order in self:
            events = order.ecrm_delivery_event_ids.sorted(
                lambda e: (e.date, e.id), reverse=True
            )
            last = events[:1]
            if not last:
                delivered = order.delivery_status == "full"
                order.ecrm_delivery_state = "delivered" if delivered else "pending"
                order.ecrm_delivery_reason = False
                order.ecrm_delivery_attempts = 0
                order.ecrm_delivery_carrier = False
                order.ecrm_delivery_date = delivered and order.effective_date
                continue
            failures = events.filtered(lambda e: e.status in FAILED_STATES)
            order.ecrm_delivery_state = last.status
            order.ecrm_delivery_date = last.date
            order.ecrm_delivery_carrier = next(
                (e.carrier for e in events if e.carrier), False
            )
            order.ecrm_delivery_attempts = max(
                max(events.mapped("attempt") or [0]),
                len(events.filtered(lambda e: e.status == "failed"))
                + (1 if last.status == "delivered" else 0),
            )
            if last.status == "delivered":
                order.ecrm_delivery_reason = False
            else:
                order.ecrm_delivery_reason = failures[:1].reason or (
                    "returned" if last.status == "returned" else "other"
                )

    # ------------------------------------------------------------------
    # The business rule: record events, follow the outcome
    # ------------------------------------------------------------------

    def _ecrm_delivery_record(self, vals_list):
        """Record delivery events (``vals_list`` of ``ecrm.delivery.event``
        values, each with its ``order_id``) and follow the orders' outcomes:
        what every path (warehouse, API, by hand) goes through."""
        return self.env["ecrm.delivery.event"].create(vals_list)

    def _ecrm_delivery_followup(self, before):
        """React to outcomes that changed since ``before`` ({order id: state})."""
        self.flush_recordset(["ecrm_delivery_state"])
        failed = self.filtered(
            lambda o: (
                o.ecrm_delivery_state in FAILED_STATES
                and before.get(o.id) not in FAILED_STATES
            )
        )
        for order in failed:
            order.message_post(
                body=_(
                    "Delivery %(state)s: %(reason)s "
                    "(attempt %(attempt)s, %(carrier)s).",
                    state=dict(
                        self._fields["ecrm_delivery_state"]._description_selection(
                            self.env
                        )
                    )[order.ecrm_delivery_state],
                    reason=dict(
                        self._fields["ecrm_delivery_reason"]._description_selection(
                            self.env
                        )
                    ).get(order.ecrm_delivery_reason, "-"),
                    attempt=order.ecrm_delivery_attempts or 1,
                    carrier=order.ecrm_delivery_carrier or "-",
                ),
                subtype_xmlid="mail.mt_note",
            )
        cod_failed = failed.filtered(lambda o: o.ecrm_payment_method == "cod")
        if cod_failed:
            cod_failed._ecrm_delivery_cod_failed()
        # Delivered after all: a later attempt or a new transfer succeeded.
        redelivered = self.filtered(
            lambda o: (
                o.ecrm_delivery_state == "delivered"
                and before.get(o.id) in FAILED_STATES
                and o.ecrm_payment_method == "cod"
                and o.state == "sale"
            )
        )
        if redelivered:
            redelivered._ecrm_delivery_cod_redelivered()

    def _ecrm_delivery_cod_failed(self):
        """Hook: a cash-on-delivery order was not paid at the door (refused,
        unreachable, wrong address, returned). Loyalty takes its points back."""
        return True

    def _ecrm_delivery_cod_redelivered(self):
        """Hook: a confirmed cash-on-delivery order whose delivery had failed
        was delivered after all. Loyalty gives back what the failure took."""
        return True

    def _ecrm_delivery_last_event(self):
        """{order id: the event that sets the order's outcome (the latest)}."""
        return {
            order.id: order.ecrm_delivery_event_ids.sorted(
                lambda e: (e.date, e.id), reverse=True
            )[:1]
            for order in self
        }

    # ------------------------------------------------------------------
    # API
    # ------------------------------------------------------------------

    @api.model
    def _ecrm_api_delivery(self, source, external_id, payload):
        """Record the delivery event ``payload`` (validated) for the caller's
        order (``source`` already checked as the caller's by
        ``ecrm.api._ecrm_api_bind_source``).

        Idempotent on (source, event_id) per company: ``(answer, 201)`` for a
        new event, ``(answer, 200)`` for the same event again; 409 for the
        same event_id with other content, 404 for an order the caller did
        not send, 400 naming the field for a bad reason or date.
        """
        # sudo: the API user holds no right on orders or events; every search
        # below is scoped to the caller's own order of its own source, in its
        # company, found right here.
        self = self.sudo()
        Api = self.env["ecrm.api"]
        order = self.search(
            [
                ("create_uid", "=", self.env.uid),
                ("company_id", "=", self.env.company.id),
                ("ecrm_source", "=", source),
                ("ecrm_external_id", "=", external_id),
            ],
            limit=1,
        )
        if not order:
            raise EcrmApiError(
                404,
                "not_found",
                _(
                    "No order %(ref)s from %(shop)s.",
                    ref=printable(external_id),
                    shop=printable(source),
                ),
                "external_id",
            )
        vals = order._ecrm_api_delivery_vals(source, payload)
        digest = payload_hash({**payload, "order": [source, external_id]})
        vals["payload_hash"] = digest

        def find(env):
            env["ecrm.delivery.event"].flush_model()
            env.cr.execute(
                SQL(
                    """SELECT order_id, payload_hash, create_uid
                         FROM ecrm_delivery_event
                        WHERE company_id = %s AND COALESCE(source, '') = %s
                          AND event_id = %s""",
                    env.company.id,
                    source,
                    vals["event_id"],
                )
            )
            row = env.cr.fetchone()
            return row and {"order_id": row[0], "hash": row[1], "create_uid": row[2]}

        def create():
            order._ecrm_delivery_record([vals])
            answer = {"order_id": order.id, "delivery_state": order.ecrm_delivery_state}
            return {**answer, "created": True}, 201

        known, answer = Api._ecrm_api_once(
            "ecrm.delivery.event",
            source,
            vals["event_id"],
            find,
            create,
            ("ecrm_delivery_event_event_unique",),
        )
        if answer:
            return answer
        try:
            Api._ecrm_api_check_replay(known, digest)
        except EcrmApiError as error:
            # The event's identifier is what was reused here.
            error.field = "event_id"
            error.message = _(
                "This event_id was already received with different content. "
                "Send a new event_id for a new event."
            )
            raise
        state = self.browse(known["order_id"]).ecrm_delivery_state
        return {
            "order_id": known["order_id"],
            "delivery_state": state,
            "created": False,
        }, 200

    def _ecrm_api_delivery_vals(self, source, payload):
        """Event values of an API ``payload``; EcrmApiError naming the field."""
        self.ensure_one()
        status = payload["status"]
        reason = payload.get("reason")
        if status == "failed" and not reason:
            raise EcrmApiError(
                400,
                "missing_field",
                _("reason is required when status is failed."),
                "reason",
            )
        if status == "delivered" and reason:
            raise EcrmApiError(
                400,
                "invalid_field",
                _("reason is only sent when the delivery failed or came back."),
                "reason",
            )
        now = fields.Datetime.now()
        date = parse_datetime(payload["date"]) if payload.get("date") else now
        if date > now + timedelta(hours=1) or date < self.date_order - timedelta(
            days=1
        ):
            raise EcrmApiError(
                400,
                "invalid_field",
                _("date must be between the order's date and now."),
                "date",
            )
        return {
            "order_id": self.id,
            "origin": "api",
            "source": source,
            "event_id": payload["event_id"].strip(),
            "status": status,
            "reason": reason or ("returned" if status == "returned" else False),
            "carrier": (payload.get("carrier") or "").strip() or False,
            "date": date,
            "attempt": payload.get("attempt") or 1,
        }

    @api.model
    def _ecrm_api_status(self, source, external_id):
        data = super()._ecrm_api_status(source, external_id)
        if data and data.get("order_id"):
            # sudo: the order was found as the caller's own by super().
            order = self.sudo().browse(data["order_id"])
            data["delivery_state"] = order.ecrm_delivery_state
            data["delivery_reason"] = (
                order.ecrm_delivery_reason
                if order.ecrm_delivery_state in FAILED_STATES
                else None
            )
        return data


class EcrmApi(models.AbstractModel):
    _inherit = "ecrm.api"

    @api.model
    def _ecrm_openapi_schemas(self):
        schemas = super()._ecrm_openapi_schemas()
        status = schemas.get("OrderStatus")
        if status:
            properties = dict(status["properties"])
            properties["delivery_state"] = {
                "type": "string",
                "enum": [code for code, _label in DELIVERY_STATES],
                "description": "The delivery outcome (see the delivery route).",
            }
            properties["delivery_reason"] = {
                "type": "string",
                "nullable": True,
                "enum": [code for code, _label in FAILURE_REASONS],
                "description": "Why the last delivery failed; null unless "
                "delivery_state is failed or returned.",
            }
            schemas["OrderStatus"] = {**status, "properties": properties}
        schemas.update(
            {
                "DeliveryEvent": DELIVERY_EVENT_SCHEMA,
                "DeliveryResult": DELIVERY_RESULT_SCHEMA,
            }
        )
        return schemas

    @api.model
    def _ecrm_openapi_paths(self):
        paths = super()._ecrm_openapi_paths()
        json_content = self._ecrm_openapi_json
        delivery = {
            "/ecrm/api/v1/orders/{source}/{external_id}/delivery": {
                "post": {
                    "summary": "Record a delivery event of an order",
                    "description": "A carrier's or storefront's delivery event "
                    "for an order the caller sent. Idempotent on event_id: the "
                    "same event sent again answers 200 with created false.",
                    "operationId": "createDeliveryEvent",
                    "parameters": self._ecrm_openapi_ref_parameters(),
                    "requestBody": {
                        "required": True,
                        "content": json_content("DeliveryEvent"),
                    },
                    "responses": {
                        "201": {
                            "description": "The event was recorded.",
                            "content": json_content("DeliveryResult"),
                        },
                        "200": {
                            "description": "The event was already received "
                            "(created is false).",
                            "content": json_content("DeliveryResult"),
                        },
                        **self._ecrm_openapi_error_responses(
                            400, 401, 403, 404, 409, 411, 413, 415, 500
                        ),
                    },
                }
            }
        }
        # Beside the order routes in the document.
        ordered = {}
        for path, item in paths.items():
            ordered[path] = item
            if path == "/ecrm/api/v1/orders/{source}/{external_id}":
                ordered.update(delivery)
        if len(ordered) == len(paths):
            ordered.update(delivery)
        return ordered
