# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Storefront orders accepted with ``Prefer: respond-async``, created in batches.

A storefront that sends orders faster than they can be created one request at a
time (a flash sale) asks for an asynchronous answer: the order is checked as
usual (schema, SKUs, customer data, idempotency) and answered 202 at once; the
scheduled action below creates the queued orders in batches, where Odoo's
computations run once for many orders. The status route reports ``queued`` until
the order exists, then the order's state, or ``rejected`` with the error.
"""

import json
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import batch as batch_tools
from ..tools.wake import notify_after_commit, trigger_sql, wake_cron
from .ecrm_api import EcrmApiError

_logger = logging.getLogger(__name__)

# What a row becomes when it is queued (again): no outcome yet.
REQUEUED = {
    "state": "queued",
    "error_code": False,
    "error_field": False,
    "error_message": False,
    "date_done": False,
}


class EcrmOrderIntake(models.Model):
    _name = "ecrm.order.intake"
    _description = "Queued Storefront Order"
    _order = "id desc"
    _rec_name = "external_id"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    source = fields.Char(required=True, readonly=True)
    external_id = fields.Char("External Reference", required=True, readonly=True)
    payload = fields.Text(
        required=True, readonly=True, help="The order as the storefront sent it."
    )
    payload_hash = fields.Char(required=True, readonly=True)
    state = fields.Selection(
        [("queued", "Queued"), ("done", "Created"), ("rejected", "Rejected")],
        required=True,
        default="queued",
        readonly=True,
        index=True,
    )
    order_id = fields.Many2one("sale.order", readonly=True, index="btree_not_null")
    error_code = fields.Char(readonly=True)
    error_field = fields.Char(readonly=True)
    error_message = fields.Text(readonly=True)
    date_done = fields.Datetime("Processed On", readonly=True)

    _sql_constraints = [
        (
            "external_ref_unique",
            "UNIQUE(company_id, source, external_id)",
            "This storefront order is already queued.",
        ),
    ]

    # ------------------------------------------------------------------
    # API side
    # ------------------------------------------------------------------

    @api.model
    def _ecrm_enqueue_many(self, prepared):
        """Queue checked orders (``sale.order._ecrm_api_prepare`` results) in
        one statement and wake the scheduled action; returns, per item, whether
        it was queued.

        A reference rejected before, or whose order was deleted, is queued
        again. A reference another request queued after this transaction began
        raises PostgreSQL's serialization failure (Odoo retries the request,
        which then answers it as a replay); one this transaction can see and
        that stays taken (``False``) is answered by the caller.
        """
        if not prepared:
            return []
        self.flush_model()
        now = fields.Datetime.now()
        # The queue rows and, if any was queued, the scheduler's trigger, in
        # one statement.
        self.env.cr.execute(
            SQL(
                """WITH queued AS (
                   INSERT INTO ecrm_order_intake AS i
                          (company_id, source, external_id, payload, payload_hash,
                           state, create_uid, create_date, write_uid, write_date)
                   SELECT %(company)s, v.source, v.external_id, v.payload, v.hash,
                          'queued', %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(sources)s::varchar[], %(refs)s::varchar[],
                                 %(payloads)s::text[], %(hashes)s::varchar[])
                          AS v(source, external_id, payload, hash)
                       ON CONFLICT (company_id, source, external_id) DO UPDATE
                      SET payload = EXCLUDED.payload,
                          payload_hash = EXCLUDED.payload_hash,
                          state = 'queued', order_id = NULL, error_code = NULL,
                          error_field = NULL, error_message = NULL,
                          date_done = NULL, create_uid = EXCLUDED.create_uid,
                          write_uid = EXCLUDED.write_uid,
                          write_date = EXCLUDED.write_date
                    WHERE i.state = 'rejected'
                       OR (i.state = 'done' AND i.order_id IS NULL)
                RETURNING i.source, i.external_id
                ), woken AS (%(trigger)s)
                SELECT q.source, q.external_id, (SELECT count(*) FROM woken)
                  FROM queued q""",
                company=self.env.company.id,
                uid=self.env.uid,
                now=now,
                sources=[item["source"] for item in prepared],
                refs=[item["external_id"] for item in prepared],
                payloads=[
                    json.dumps(item["payload"], ensure_ascii=False) for item in prepared
                ],
                hashes=[item["digest"] for item in prepared],
                trigger=trigger_sql(
                    self.env,
                    "ecrm_core.ir_cron_ecrm_order_intake",
                    SQL("EXISTS (SELECT 1 FROM queued)"),
                ),
            )
        )
        rows = self.env.cr.fetchall()
        queued = {(source, ref) for source, ref, _woken in rows}
        self.invalidate_model()
        if rows and rows[0][2]:
            notify_after_commit(self.env)
        return [(item["source"], item["external_id"]) in queued for item in prepared]

    @api.model
    def _ecrm_status(self, source, external_id):
        """The API status of a queued or rejected order the caller sent, or
        None."""
        intake = self.search(
            [
                ("create_uid", "=", self.env.uid),
                ("company_id", "=", self.env.company.id),
                ("source", "=", source),
                ("external_id", "=", external_id),
                ("state", "in", ("queued", "rejected")),
            ],
            limit=1,
        )
        if not intake:
            return None
        status = {
            "order_id": None,
            "name": None,
            "source": intake.source,
            "external_id": intake.external_id,
            "state": intake.state,
            "cancel_reason": None,
        }
        if intake.state == "rejected":
            status["error"] = {
                "code": intake.error_code,
                "message": intake.error_message,
                "field": intake.error_field or None,
            }
        return status

    # ------------------------------------------------------------------
    # Scheduled creation
    # ------------------------------------------------------------------

    @api.model
    def _cron_ecrm_create_orders(self, batch_size=200):
        """Create the queued orders, one committed batch at a time, until the
        queue is empty. Returns how many rows were processed."""

        def fetch():
            self.flush_model(["state"])
            # SKIP LOCKED: a run started by hand ("Run Manually" on the
            # scheduled action) and the scheduled run never take the same rows.
            self.env.cr.execute(
                SQL(
                    """SELECT id FROM ecrm_order_intake
                        WHERE state = 'queued'
                        ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED""",
                    batch_size,
                )
            )
            return self.browse(row[0] for row in self.env.cr.fetchall())

        processed = 0
        # each batch leaves the queue (created or rejected) and is committed
        for batch in batch_tools.drain(
            self.env, fetch, lambda: self.search_count([("state", "=", "queued")])
        ):
            batch._ecrm_process()
            processed += len(batch)
        return processed

    def _ecrm_process(self):
        """Create the orders of these queued rows, in one batch per storefront
        user and company; rows that cannot be created are rejected with the
        error the synchronous API would have answered."""
        groups = {}
        for intake in self:
            groups.setdefault((intake.create_uid, intake.company_id), self.browse())
            groups[intake.create_uid, intake.company_id] |= intake
        for (user, company), intakes in groups.items():
            # The orders are created as the storefront's technical user (their
            # creator), exactly as if it had waited for them. sudo: that user
            # holds no right on orders or customers (see
            # sale.order._ecrm_api_intake); these rows are its own, checked
            # when they were queued.
            intakes.with_user(user).with_company(company).sudo()._ecrm_process_as_user()

    def _ecrm_process_as_user(self):
        SaleOrder = self.env["sale.order"]
        payloads = [json.loads(intake.payload) for intake in self]
        prepared = SaleOrder._ecrm_api_prepare(payloads)
        taken = SaleOrder._ecrm_taken_refs(
            [
                (item["source"], item["external_id"])
                for item in prepared
                if not isinstance(item, EcrmApiError)
            ]
        )
        done, rejected, ready = [], [], []
        for intake, item in zip(self, prepared, strict=True):
            if isinstance(item, EcrmApiError):
                rejected.append((intake, item))
            elif (item["source"], item["external_id"]) in taken:
                # created meanwhile by a synchronous request: not twice
                rejected.append(
                    (
                        intake,
                        EcrmApiError(
                            409,
                            "conflict",
                            _("This order was created by another request."),
                            "external_id",
                        ),
                    )
                )
            else:
                ready.append((intake, item))
        try:
            with self.env.cr.savepoint():
                orders = SaleOrder._ecrm_api_create_orders([item for _i, item in ready])
            done = [
                (intake, order)
                for (intake, _item), order in zip(ready, orders, strict=True)
            ]
        except Exception:  # noqa: BLE001 -- one bad order must not block the batch
            _logger.info("eCRM intake: batch failed, creating its orders one by one")
            for intake, item in ready:
                try:
                    with self.env.cr.savepoint():
                        order = SaleOrder._ecrm_api_create_orders([item])
                    done.append((intake, order))
                except EcrmApiError as error:
                    rejected.append((intake, error))
                except (UserError, ValueError) as error:
                    rejected.append(
                        (intake, EcrmApiError(400, "invalid", str(error.args[0])))
                    )
                except Exception as error:
                    _logger.exception(
                        "eCRM intake: order %s failed", intake.external_id
                    )
                    rejected.append((intake, EcrmApiError(500, "internal", str(error))))
        self._ecrm_mark(done, rejected)

    def _ecrm_mark(self, done, rejected):
        """Record the outcome of a batch in two statements."""
        now = fields.Datetime.now()
        self.flush_model()
        if done:
            self.env.cr.execute(
                SQL(
                    """UPDATE ecrm_order_intake i
                          SET state = 'done', order_id = v.order_id,
                              date_done = %s, write_date = %s, write_uid = %s
                         FROM unnest(%s::int[], %s::int[]) AS v(id, order_id)
                        WHERE i.id = v.id""",
                    now,
                    now,
                    self.env.uid,
                    [intake.id for intake, _order in done],
                    [order.id for _intake, order in done],
                )
            )
        if rejected:
            self.env.cr.execute(
                SQL(
                    """UPDATE ecrm_order_intake i
                          SET state = 'rejected', error_code = v.code,
                              error_field = v.field, error_message = v.message,
                              date_done = %s, write_date = %s, write_uid = %s
                         FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[])
                              AS v(id, code, field, message)
                        WHERE i.id = v.id""",
                    now,
                    now,
                    self.env.uid,
                    [intake.id for intake, _error in rejected],
                    [error.code for _intake, error in rejected],
                    [error.field for _intake, error in rejected],
                    [str(error.message) for _intake, error in rejected],
                )
            )
        self.invalidate_model()

    def action_retry(self):
        """Queue rejected orders again (e.g. once the missing SKU exists)."""
        if any(intake.state != "rejected" for intake in self):
            raise UserError(_("Only rejected orders can be queued again."))
        self.write(REQUEUED)
        wake_cron(self.env, "ecrm_core.ir_cron_ecrm_order_intake")
