# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plumbing shared by every eCRM JSON API (storefront orders, complaints...).

One declarative schema per route (a subset of JSON Schema, written once) feeds both
the validator and the OpenAPI document, so the document says exactly what the
server accepts. Other addons add their routes by extending
``ecrm.api._ecrm_openapi_paths()`` and ``_ecrm_openapi_schemas()``.
"""

import logging

import psycopg2

from odoo import api, models
from odoo.tools import SQL, mute_logger

from .ecrm_api_validate import (  # noqa: F401 -- the API's shared names
    MAX_BODY_BYTES,
    EcrmApiError,
    EcrmFieldError,
    check_text,
    load_json,
    parse_datetime,
    payload_hash,
    printable,
    validate,
)

_logger = logging.getLogger(__name__)


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "field"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": {"type": "string", "nullable": True},
                "error_id": {
                    "type": "string",
                    "description": "Only on a 500: quote it to the eCRM team, "
                    "it names the server log entry.",
                },
            },
        }
    },
}


class EcrmApi(models.AbstractModel):
    _name = "ecrm.api"
    _description = "eCRM JSON API helpers"

    @api.model
    def _ecrm_openapi_schemas(self):
        """Component schemas; extend with ``super()`` and add yours."""
        return {"Error": ERROR_SCHEMA}

    @api.model
    def _ecrm_openapi_paths(self):
        """OpenAPI path items; extend with ``super()`` and add your routes."""
        return {}

    @api.model
    def _ecrm_openapi_error_responses(self, *statuses):
        descriptions = {
            400: "Malformed body: the field at fault is named.",
            401: "Missing or invalid API key.",
            403: "The API key's user may not do this.",
            404: "Not found.",
            409: "The same external id was already sent with different content.",
            411: "The body was sent without a Content-Length header.",
            413: "The body is larger than the API reads (1 MiB).",
            415: "The body is not sent as application/json.",
            422: "Well-formed but refers to unknown data (e.g. an unknown SKU).",
            500: "Unexpected server error: the answer carries an error_id.",
        }
        ref = {"$ref": "#/components/schemas/Error"}
        return {
            str(status): {
                "description": descriptions[status],
                "content": {"application/json": {"schema": ref}},
            }
            for status in statuses
        }

    @api.model
    def _ecrm_openapi_json(self, schema_name):
        """A JSON body or answer of the component schema ``schema_name``."""
        return {
            "application/json": {
                "schema": {"$ref": f"#/components/schemas/{schema_name}"}
            }
        }

    @api.model
    def _ecrm_openapi_ref_parameters(self):
        """The path parameters naming a record the caller sent: its source and
        its external id."""
        return [
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": {"type": "string", "minLength": 1, "maxLength": 128},
            }
            for name in ("source", "external_id")
        ]

    @api.model
    def _ecrm_openapi_create_and_status(
        self, path, noun, create_op, status_op, schema, result, status, status_text
    ):
        """The two routes of an intake: POST ``path`` (idempotent on source and
        external_id) and GET ``path/{source}/{external_id}``."""
        json_content = self._ecrm_openapi_json
        return {
            path: {
                "post": {
                    "summary": f"Send a {noun}",
                    "description": f"Idempotent on (source, external_id): the same "
                    f"{noun} sent again answers 200 with the same record.",
                    "operationId": create_op,
                    "requestBody": {"required": True, "content": json_content(schema)},
                    "responses": {
                        "201": {
                            "description": f"The {noun} was created.",
                            "content": json_content(result),
                        },
                        "200": {
                            "description": f"The {noun} was already received "
                            "(created is false).",
                            "content": json_content(result),
                        },
                        **self._ecrm_openapi_error_responses(
                            400, 401, 403, 409, 411, 413, 415, 422, 500
                        ),
                    },
                }
            },
            f"{path}/{{source}}/{{external_id}}": {
                "get": {
                    "summary": f"State of a {noun}",
                    "operationId": status_op,
                    "parameters": self._ecrm_openapi_ref_parameters(),
                    "responses": {
                        "200": {
                            "description": status_text,
                            "content": json_content(status),
                        },
                        **self._ecrm_openapi_error_responses(400, 401, 403, 404, 500),
                    },
                }
            },
        }

    @api.model
    def _ecrm_openapi(self):
        """The OpenAPI 3.0 document of every eCRM API route."""
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        return {
            "openapi": "3.0.3",
            "info": {
                "title": "eCRM API",
                "version": "1.0.0",
                "description": "Storefronts and bridges send orders and complaints "
                "to eCRM. Authenticate with the Odoo API key of an eCRM API user: "
                "`Authorization: Bearer <key>`. Each API user owns the `source` "
                "values it sends; bodies are JSON (`Content-Type: "
                "application/json`) of at most 1 MiB.",
            },
            "servers": [{"url": base_url or "/"}],
            "security": [{"bearerAuth": []}],
            "paths": self._ecrm_openapi_paths(),
            "components": {
                "securitySchemes": {
                    "bearerAuth": {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "An Odoo API key of the storefront's "
                        "technical user.",
                    }
                },
                "schemas": self._ecrm_openapi_schemas(),
            },
        }

    # ------------------------------------------------------------------
    # Caller rules, shared by every route (orders, complaints...)
    # ------------------------------------------------------------------

    @api.model
    def _ecrm_api_check_caller(self):
        """Refuse (403) any caller that is not an eCRM API user.

        The routes authenticate the key (``auth='bearer'``); a key of any other
        user (an employee, a portal customer who made one) opens nothing here.
        """
        if not self.env.user.has_group("ecrm_core.group_ecrm_api"):
            raise EcrmApiError(
                403,
                "forbidden",
                self.env._("This API key does not belong to an eCRM API user."),
            )

    @api.model
    def _ecrm_api_normalize_source(self, source):
        return (source or "").strip().lower()

    @api.model
    def _ecrm_api_bind_source(self, source, bind=True):
        """The caller's ``source``, normalised; 403 naming ``source`` when
        another API user holds it or it is archived.

        With ``bind``, a source nobody holds yet becomes the caller's (the first
        API user that sends it); without (status routes), it is answered as
        unknown by the caller (``None``).
        """
        name = self._ecrm_api_normalize_source(source)
        holder = self._ecrm_api_source_holder(name)
        if holder is None or (holder["user_id"] is None and holder["active"]):
            if not bind:
                return None
            # Two first requests of a new source from two users: one wins.
            self._ecrm_lock_external_ref("ecrm.api.source", name, "")
            holder = self._ecrm_api_take_source(name, holder)
        if holder["user_id"] != self.env.uid or not holder["active"]:
            raise EcrmApiError(
                403,
                "forbidden",
                self.env._(
                    "The source %(name)s is not one of this API user's sources.",
                    name=printable(name),
                ),
                "source",
            )
        return name

    @api.model
    def _ecrm_api_source_holder(self, name, env=None):
        env = env or self.env
        # Plain SQL: the caller may not read the sources of other API users; it
        # only learns whether this one is its own.
        env["ecrm.api.source"].flush_model()
        env.cr.execute(
            SQL(
                """SELECT id, user_id, active FROM ecrm_api_source
                    WHERE company_id = %s AND name = %s""",
                env.company.id,
                name,
            )
        )
        row = env.cr.fetchone()
        return row and {"id": row[0], "user_id": row[1], "active": row[2]}

    @api.model
    def _ecrm_api_take_source(self, name, holder):
        """Bind the free source ``name`` to the caller; its holder after that."""
        # sudo: an API user may not manage sources; binding a source nobody
        # holds to the caller is the one write this rule allows.
        Source = self.env["ecrm.api.source"].sudo()
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                if holder:
                    Source.browse(holder["id"]).user_id = self.env.uid
                else:
                    Source.create(
                        {
                            "name": name,
                            "user_id": self.env.uid,
                            "company_id": self.env.company.id,
                        }
                    )
        except psycopg2.errors.UniqueViolation:
            # Another user took it after this transaction's snapshot.
            with self.env.registry.cursor() as cr:
                return self._ecrm_api_source_holder(name, self.env(cr=cr))
        return {"id": None, "user_id": self.env.uid, "active": True}

    # ------------------------------------------------------------------
    # Idempotency, shared by every intake
    # ------------------------------------------------------------------

    @api.model
    def _ecrm_lock_external_ref(self, model_name, source, external_id):
        """Serialise the intake of one (source, external id) across workers."""
        key = f"{model_name}|{self.env.company.id}|{source}|{external_id}"
        self.env.cr.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key]
        )

    @api.model
    def _ecrm_api_once(self, model_name, source, external_id, find, create, unique):
        """Run ``create`` once per (``source``, ``external_id``) across workers.

        ``find(env)`` returns what is already known of this reference (a dict
        with at least ``hash`` and ``create_uid``) or None; ``create()`` makes
        it and returns the answer. ``unique`` names the database constraints
        that catch a twin request committed after this transaction's snapshot;
        the twin is then read in a fresh transaction. Returns
        ``(known, None)`` or ``(None, created answer)``.
        """
        self._ecrm_lock_external_ref(model_name, source, external_id)
        known = find(self.env)
        if known:
            return known, None
        try:
            # The duplicate key below is expected when two workers race: no
            # "bad query" error in the log for it.
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                return None, create()
        except psycopg2.errors.UniqueViolation as error:
            if error.diag.constraint_name not in unique:
                raise
            with self.env.registry.cursor() as cr:
                known = find(self.env(cr=cr))
            if not known:
                raise
            return known, None

    @api.model
    def _ecrm_api_check_replay(self, known, digest):
        """Accept a resend of ``known`` only if it is the caller's and the same.

        The 409 names no record: the reference may have been used by another
        user (a back-office order, a former holder of the source).
        """
        if known["hash"] != digest or known["create_uid"] != self.env.uid:
            raise EcrmApiError(
                409,
                "conflict",
                self.env._(
                    "This external_id was already received with different "
                    "content. Send a new external_id for a new record."
                ),
                "external_id",
            )
