# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complaints API in the eCRM OpenAPI document, from the schema its route
validates against."""

from odoo import api, models

from odoo.addons.ecrm_core.models.ecrm_api_orders import CUSTOMER_SCHEMA

from .helpdesk_ticket_category import COMPLAINT_CATEGORIES

_TEXT = {"type": "string", "minLength": 1, "maxLength": 256}

COMPLAINT_SCHEMA = {
    "type": "object",
    "required": ["external_id", "source", "customer", "category", "subject"],
    "additionalProperties": False,
    "properties": {
        "external_id": {"type": "string", "minLength": 1, "maxLength": 128},
        "source": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "description": "The bridge's name, e.g. facebook or web_comment.",
        },
        "date": {
            "type": "string",
            "format": "date-time",
            "description": "The customer's own date, kept beside the complaint; "
            "the deadline counts from when the platform receives it.",
        },
        "customer": CUSTOMER_SCHEMA,
        "category": {
            "type": "string",
            "enum": [c for c, _label in COMPLAINT_CATEGORIES],
        },
        "order": {
            "type": "object",
            "additionalProperties": False,
            "description": "The order concerned: its name, or the storefront's "
            "source and external_id.",
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 64},
                "source": {"type": "string", "minLength": 1, "maxLength": 64},
                "external_id": {"type": "string", "minLength": 1, "maxLength": 128},
            },
        },
        "product_sku": {"type": "string", "minLength": 1, "maxLength": 128},
        "subject": _TEXT,
        "description": {"type": "string", "maxLength": 20000},
    },
}

COMPLAINT_RESULT_SCHEMA = {
    "type": "object",
    "properties": {
        "ticket_id": {"type": "integer"},
        "number": {"type": "string", "nullable": True},
        "partner_id": {"type": "integer", "nullable": True},
        "deadline": {
            "type": "string",
            "format": "date-time",
            "nullable": True,
            "description": "Resolution deadline, ISO 8601 in UTC.",
        },
        "created": {"type": "boolean"},
    },
}

_UTC = {"type": "string", "format": "date-time", "nullable": True}

COMPLAINT_STATUS_SCHEMA = {
    "type": "object",
    "properties": {
        "ticket_id": {"type": "integer"},
        "number": {"type": "string", "nullable": True},
        "partner_id": {"type": "integer", "nullable": True},
        "deadline": _UTC,
        "received": {
            **_UTC,
            "description": "When the platform received the complaint (UTC); "
            "the deadline counts from it.",
        },
        "customer_date": {
            **_UTC,
            "description": "The date the complaint's body carried (UTC).",
        },
        "stage": {"type": "string", "nullable": True},
        "closed": {"type": "boolean"},
        "department": {"type": "string", "nullable": True},
        "supplier": {"type": "string", "nullable": True},
        "supplier_state": {"type": "string", "nullable": True},
        "resolution": {"type": "string", "nullable": True},
        "resolution_text": {"type": "string", "nullable": True},
        "rating": {"type": "number", "nullable": True},
    },
}


class EcrmApi(models.AbstractModel):
    _inherit = "ecrm.api"

    @api.model
    def _ecrm_openapi_schemas(self):
        schemas = super()._ecrm_openapi_schemas()
        schemas.update(
            {
                "Complaint": COMPLAINT_SCHEMA,
                "ComplaintResult": COMPLAINT_RESULT_SCHEMA,
                "ComplaintStatus": COMPLAINT_STATUS_SCHEMA,
            }
        )
        return schemas

    @api.model
    def _ecrm_openapi_paths(self):
        paths = super()._ecrm_openapi_paths()
        paths.update(
            self._ecrm_openapi_create_and_status(
                "/ecrm/api/v1/complaints",
                "complaint",
                "createComplaint",
                "getComplaint",
                "Complaint",
                "ComplaintResult",
                "ComplaintStatus",
                "Stage, department, deadline, supplier, resolution and rating.",
            )
        )
        return paths
