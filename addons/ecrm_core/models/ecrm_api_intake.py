# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The intake pipeline every eCRM API route that takes records from outside
goes through (storefront orders, order batches, complaints...).

One path for all of them: each item is validated against its route's schema
(the one the OpenAPI document is written from), its ``source`` is bound to the
caller, its (source, external_id) is locked across workers and looked up; a
known reference answers the record already taken (200 or 202) or 409 when the
content or the sender differs; new ones are checked by the model
(``_ecrm_intake_prepare``) and created together (``_ecrm_intake_create``), one
by one in savepoints when the batch as a whole fails, so one bad item never
blocks the others. Every refusal is an ``EcrmApiError`` with the same shape.

A model that takes records through it implements::

    _ecrm_intake_schema()            the JSON schema of one item
    _ecrm_intake_known(refs)         {(source, external_id): known} in one
                                     query, any user's records (plain SQL):
                                     known = {"hash", "create_uid", "answer",
                                     "status"}
    _ecrm_intake_prepare(items)      per item, what creation needs or the
                                     EcrmApiError to answer; writes nothing
    _ecrm_intake_create(prepared, respond_async)
                                     per prepared item, (answer, status), or
                                     None when a twin holds its reference
    _ecrm_intake_status(source, external_id)
                                     the status route's answer, or None
    _ecrm_intake_unique              database constraints that catch a twin
                                     committed after this transaction began
    _ecrm_intake_async_atomic        optional, True when the asynchronous
                                     create is one statement that cannot fail
                                     on a twin: it then runs without the
                                     reference lock and without a savepoint
                                     per item
"""

import logging
import uuid

import psycopg2

from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL, mute_logger

from .ecrm_api_validate import EcrmApiError, payload_hash, printable, validate

_logger = logging.getLogger(__name__)


class EcrmApi(models.AbstractModel):
    _inherit = "ecrm.api"

    @api.model
    def _ecrm_intake_one(self, model_name, payload, respond_async=False):
        """Take one item through the pipeline: ``(answer, status)``, or raise
        the EcrmApiError to answer."""
        result = self._ecrm_intake(model_name, [payload], respond_async)[0]
        if isinstance(result, EcrmApiError):
            raise result
        return result

    @api.model
    def _ecrm_intake(self, model_name, payloads, respond_async=False):
        """Take ``payloads`` (decoded JSON, not yet validated) into
        ``model_name``, each on its own: returns, in the same order,
        ``(answer, status)`` or the EcrmApiError refusing that item.

        Runs in the caller's transaction; an item refused writes nothing.
        """
        # sudo: API users hold no right on the records they send (their key
        # must open nothing else); the caller was checked by the route, every
        # source is bound to it below, lookups are scoped to the references
        # sent and the caller's company, and only the answers go out. sudo
        # keeps env.uid: the API user stays the records' creator.
        Model = self.env[model_name].sudo()
        schema = Model._ecrm_intake_schema()
        results = [None] * len(payloads)
        items = {}
        for index, payload in enumerate(payloads):
            try:
                validate(schema, payload)
            except EcrmApiError as error:
                results[index] = error
                continue
            items[index] = {
                "payload": payload,
                "source": self._ecrm_api_normalize_source(payload["source"]),
                "external_id": payload["external_id"].strip(),
                "digest": payload_hash(payload),
            }
        self._ecrm_intake_bind_sources(items, results)
        refs = sorted(
            {(item["source"], item["external_id"]) for item in items.values()}
        )
        atomic = respond_async and getattr(Model, "_ecrm_intake_async_atomic", False)
        if not atomic:
            # Twins wait for each other instead of both doing the work. A queue
            # taking its rows in one atomic statement needs no lock: its unique
            # key makes the later twin retry and answer the first.
            self._ecrm_lock_external_refs(model_name, refs)
        known = Model._ecrm_intake_known(refs) if refs else {}
        first = {}
        todo = []
        for index, item in items.items():
            ref = item["source"], item["external_id"]
            if ref in known:
                results[index] = self._ecrm_intake_replay(known[ref], item["digest"])
            elif ref not in first:
                first[ref] = index
                todo.append(index)
        if todo:
            prepared = Model._ecrm_intake_prepare([items[index] for index in todo])
            ready = []
            for index, prep in zip(todo, prepared, strict=True):
                if isinstance(prep, EcrmApiError):
                    results[index] = prep
                else:
                    ready.append((index, prep))
            if ready:
                self._ecrm_intake_create(Model, items, ready, results, respond_async)
        # The same reference twice in one batch: the later ones are resends.
        for index, item in items.items():
            if results[index] is None:
                origin = first[item["source"], item["external_id"]]
                results[index] = self._ecrm_intake_resend(
                    results[origin], items[origin]["digest"], item["digest"]
                )
        return results

    @api.model
    def _ecrm_intake_bind_sources(self, items, results):
        """Bind each source of ``items`` to the caller once; the items of a
        source the caller may not use are refused (403) and dropped.

        Sources bind API users only: the routes refuse any other caller
        (``_ecrm_api_check_caller``) before the pipeline runs, so another user
        here is server code (an import, a test) taking records on its own
        authority.
        """
        if not self.env.user.has_group("ecrm_core.group_ecrm_api"):
            return
        refused = {}
        for source in sorted({item["source"] for item in items.values()}):
            try:
                self._ecrm_api_bind_source(source)
            except EcrmApiError as error:
                refused[source] = error
        for index in [i for i, item in items.items() if item["source"] in refused]:
            results[index] = refused[items.pop(index)["source"]]

    @api.model
    def _ecrm_lock_external_refs(self, model_name, refs):
        """Serialise the intake of ``refs`` ((source, external_id) pairs)
        across workers, in one statement; always in the same order, so two
        batches sharing references wait for each other instead of deadlocking.
        """
        if not refs:
            return
        company = self.env.company.id
        keys = sorted(f"{model_name}|{company}|{src}|{ref}" for src, ref in refs)
        self.env.cr.execute(
            SQL(
                """SELECT pg_advisory_xact_lock(hashtextextended(k, 0))
                     FROM unnest(%s::text[]) WITH ORDINALITY AS t(k, n)
                    ORDER BY n""",
                keys,
            )
        )

    @api.model
    def _ecrm_intake_replay(self, known, digest):
        """The answer to a reference already taken: the same record, or 409."""
        try:
            self._ecrm_api_check_replay(known, digest)
        except EcrmApiError as error:
            return error
        return {**known["answer"], "created": False}, known["status"]

    @api.model
    def _ecrm_intake_resend(self, outcome, first_digest, digest):
        """The answer to a reference sent twice in one batch, from the first's."""
        if isinstance(outcome, EcrmApiError):
            return outcome
        if digest != first_digest:
            first = {"hash": first_digest, "create_uid": self.env.uid}
            return self._ecrm_intake_replay(first, digest)
        answer, status = outcome
        return {**answer, "created": False}, 202 if status == 202 else 200

    @api.model
    def _ecrm_intake_create(self, Model, items, ready, results, respond_async):
        """Create the ``ready`` items ((index, prepared) pairs) together, or
        one by one when that fails; record each outcome in ``results``."""
        if respond_async and getattr(Model, "_ecrm_intake_async_atomic", False):
            # one statement that never fails on a twin: no savepoint per item
            answers = Model._ecrm_intake_create(
                [prep for _index, prep in ready], respond_async
            )
            for (index, _prep), answer in zip(ready, answers, strict=True):
                results[index] = answer or self._ecrm_intake_taken(
                    Model, items[index], len(results)
                )
            return
        if len(ready) > 1:
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    answers = Model._ecrm_intake_create(
                        [prep for _index, prep in ready], respond_async
                    )
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                raise  # Odoo retries the whole request
            except Exception:  # noqa: BLE001 -- fall back to one by one
                _logger.info("eCRM intake: batch failed, taking its items one by one")
            else:
                for (index, _prep), answer in zip(ready, answers, strict=True):
                    results[index] = answer or self._ecrm_intake_taken(
                        Model, items[index], len(results)
                    )
                return
        for index, prep in ready:
            item = items[index]
            try:
                # A twin's duplicate key below is expected when workers race:
                # no "bad query" error in the log for it.
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    answer = Model._ecrm_intake_create([prep], respond_async)[0]
                results[index] = answer or self._ecrm_intake_taken(
                    Model, item, len(results)
                )
            except psycopg2.errors.UniqueViolation as error:
                if error.diag.constraint_name not in Model._ecrm_intake_unique:
                    results[index] = self._ecrm_intake_unexpected(error, len(results))
                    continue
                results[index] = self._ecrm_intake_twin(Model, item) or (
                    self._ecrm_intake_unexpected(error, len(results))
                )
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                raise
            except EcrmApiError as error:
                results[index] = error
            except AccessError as error:
                results[index] = EcrmApiError(
                    403, "forbidden", printable(error.args[0])
                )
            except (UserError, ValidationError) as error:
                results[index] = EcrmApiError(
                    400,
                    "invalid",
                    printable(error.args[0]),
                    getattr(error, "field", None),
                )
            except Exception as error:  # noqa: BLE001 -- one item, one answer
                results[index] = self._ecrm_intake_unexpected(error, len(results))

    @api.model
    def _ecrm_intake_twin(self, Model, item):
        """The answer to ``item`` when a twin request committed the same
        reference after this transaction's snapshot: read in a fresh one."""
        ref = item["source"], item["external_id"]
        with self.env.registry.cursor() as cr:
            known = Model.with_env(Model.env(cr=cr))._ecrm_intake_known([ref])
        if ref not in known:
            return None
        return self._ecrm_intake_replay(known[ref], item["digest"])

    @api.model
    def _ecrm_intake_taken(self, Model, item, count):
        """The answer to ``item`` when the model found its reference taken
        while creating it: the twin's, else an unexpected error."""
        return self._ecrm_intake_twin(Model, item) or self._ecrm_intake_unexpected(
            RuntimeError(f"reference taken: {item['source']}/{item['external_id']}"),
            count,
        )

    @api.model
    def _ecrm_intake_unexpected(self, error, count):
        """An unforeseen error of one item: raised for a single item (the
        route answers a JSON 500), a 500 entry of its own in a batch, logged
        with its traceback under the error id the caller is given."""
        if count == 1:
            raise error
        error_id = uuid.uuid4().hex[:12]
        _logger.error("eCRM API: unexpected error %s", error_id, exc_info=error)
        return EcrmApiError(
            500,
            "internal",
            self.env._(
                "Unexpected server error. Quote %(error_id)s to the eCRM team.",
                error_id=error_id,
            ),
            error_id=error_id,
        )
