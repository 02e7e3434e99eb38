# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import logging
import pickle
import uuid
from datetime import datetime, time, timedelta
from time import monotonic, sleep

import numpy as np

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.ecrm_core.tools import without_jit

_logger = logging.getLogger(__name__)

CHUNK = 10000
# the name of the advisory lock that lets one nightly chain run at a time
CHAIN_LOCK = "ecrm_analytics.run_nightly"


class EcrmAnalytics(models.AbstractModel):
    _name = "ecrm.analytics"
    _description = "eCRM Analytics Jobs"

    @api.model
    def _nightly_steps(self):
        """Ordered list of (step name, method name); each step adds itself.

        A step method takes its ``ecrm.analytics.run``, works in SQL batches keyed
        by customer id and records each committed batch with ``run._advance`` so
        that a killed run resumes after the last committed customer.
        """
        return []

    @api.model
    def run_nightly(self):
        """Run the whole nightly chain: the cron, the manager's button and scripts
        all call this one method. Each step is logged in ``ecrm.analytics.run``.

        If the last chain was killed (inside a step or between two steps), the
        chain resumes: finished steps are skipped and the interrupted step
        continues after its last committed batch.

        One chain runs at a time per company (see ``_chain_lock``): a start while
        another chain works waits for it, then leaves without running if it is
        still working after ``ecrm_analytics.chain_wait_seconds``.
        """
        self.env.flush_all()
        if not self._chain_lock():
            _logger.warning(
                "eCRM analytics: another chain is still running for company %s; "
                "this start is skipped",
                self.env.company.id,
            )
            return self.env["ecrm.analytics.run"]
        try:
            return self._run_chain()
        finally:
            self._chain_unlock()

    @api.model
    def _chain_lock(self):
        """Take the company's chain lock: a PostgreSQL advisory lock held by the
        session, so across the chain's commits, and released when the chain ends
        or its connection closes.

        A chain whose process was killed keeps the lock until PostgreSQL has
        finished the statement it was running, which may be the commit of its
        last batch or of a fitted model. Waiting for the lock, then reading the
        runs in a new transaction, is what lets a resume see that commit instead
        of doing the work a second time; it also keeps a script and the
        scheduler from running two chains side by side. Returns False when the
        lock is still taken after ``ecrm_analytics.chain_wait_seconds`` (600)."""
        deadline = monotonic() + self._param("chain_wait_seconds", 600, int)
        cr = self.env.cr
        while True:
            cr.execute(
                SQL(
                    "SELECT pg_try_advisory_lock(hashtext(%s), %s)",
                    CHAIN_LOCK,
                    self.env.company.id,
                )
            )
            if cr.fetchone()[0]:
                break
            if monotonic() >= deadline:
                return False
            sleep(1)
        if self.env["ecrm.analytics.run"]._auto_commit():
            # a new snapshot, taken after the previous holder's last commit
            cr.commit()
        return True

    @api.model
    def _chain_unlock(self):
        self.env.cr.execute(
            SQL(
                "SELECT pg_advisory_unlock(hashtext(%s), %s)",
                CHAIN_LOCK,
                self.env.company.id,
            )
        )

    @api.model
    def _unfinished_chain(self):
        """The runs of the company's last chain if it stopped before its end:
        inside a step (a run still running) or between two steps (its runs all
        done, the next steps never started). A chain that ended, or that a
        failed step stopped, is not resumed: the next start begins a new one."""
        Run = self.env["ecrm.analytics.run"]
        domain = [("company_id", "=", self.env.company.id), ("chain", "!=", False)]
        last = Run.search(domain, order="id desc", limit=1)
        if not last:
            return Run
        runs = Run.search([*domain, ("chain", "=", last.chain)])
        steps = {name for name, _method in self._nightly_steps()}
        done = set(runs.filtered(lambda r: r.state == "done").mapped("name"))
        if "failed" in runs.mapped("state") or steps <= done:
            return Run
        return runs

    @api.model
    def _run_chain(self):
        Run = self.env["ecrm.analytics.run"]
        previous = self._unfinished_chain()
        chain = previous[:1].chain or uuid.uuid4().hex
        runs = Run
        for name, method in self._nightly_steps():
            done = previous.filtered(
                lambda r, n=name: r.name == n and r.state == "done"
            )
            if done:
                runs |= done[:1]
                continue
            run = previous.filtered(
                lambda r, n=name: r.name == n and r.state == "running"
            )[:1]
            if not run:
                run = Run.create({"name": name, "chain": chain})
                run._commit()
            try:
                message = getattr(self, method)(run)
            except Exception as exc:
                _logger.exception("eCRM analytics step %s failed", name)
                if Run._auto_commit():
                    self.env.cr.rollback()
                run.write(
                    {
                        "state": "failed",
                        "date_end": fields.Datetime.now(),
                        "message": str(exc),
                    }
                )
                run._commit()
                raise
            vals = {"state": "done", "date_end": fields.Datetime.now()}
            if message:
                vals["message"] = message
            run.write(vals)
            # sudo: the fitted state only serves a resume; drop it once done.
            run.sudo().payload = False
            run._commit()
            runs |= run
        return runs

    # ------------------------------------------------------------------ helpers
    @api.model
    def _param(self, key, default, cast=float):
        value = (
            self.env["ir.config_parameter"].sudo().get_param(f"ecrm_analytics.{key}")
        )
        try:
            return cast(value) if value not in (None, False, "") else default
        except ValueError:
            return default

    @api.model
    def _as_of(self):
        """Observation end: the end of yesterday, or ``ecrm_analytics_date`` from
        the context (a date: tests and back-fills)."""
        day = self.env.context.get("ecrm_analytics_date") or fields.Date.context_today(
            self
        )
        return datetime.combine(fields.Date.to_date(day), time.min)

    @api.model
    def _orders_sql(self, as_of, states=("sale",)):
        """Orders of the current company up to ``as_of``, one row each, keyed by the
        commercial partner, amounts untaxed in company currency."""
        return SQL(
            """
            SELECT so.id, rp.commercial_partner_id AS pid, so.date_order,
                   so.state, so.ecrm_sales_channel AS channel,
                   so.amount_untaxed
                       / COALESCE(NULLIF(so.currency_rate, 0), 1) AS amount
              FROM sale_order so
              JOIN res_partner rp ON rp.id = so.partner_id
             WHERE so.company_id = %(company)s
               AND so.state IN %(states)s
               AND so.date_order < %(as_of)s
            """,
            company=self.env.company.id,
            states=tuple(states),
            as_of=as_of,
        )

    @api.model
    def _customer_ids(self, as_of):
        """Ids of every customer with a confirmed order, as a sorted numpy array
        (ids only: customers never enter the ORM)."""
        query = SQL(
            "SELECT DISTINCT o.pid FROM (%s) o ORDER BY 1", self._orders_sql(as_of)
        )
        return self._fetch_array(query, dtype=np.int64).reshape(-1)

    @api.model
    def _fetch_array(self, query, dtype=float):
        """Run ``query`` and return its rows as a 2-D numpy array, fetched in chunks."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(query)
        width = len(cr.description)
        parts = []
        while rows := cr.fetchmany(CHUNK):
            # dtype=float turns NULL into NaN, read back as 0.
            parts.append(np.array(rows, dtype=float))
        if not parts:
            return np.zeros((0, width), dtype=dtype)
        data = np.nan_to_num(np.concatenate(parts), nan=0.0)
        return data.astype(dtype)

    @api.model
    def _run_batches(self, run, ids, process, batch_size=None):
        """Call ``process(lo, hi, ids)`` for each batch of customer ids after the
        run's cursor; ``lo`` excluded, ``hi`` included. Commits after each batch."""
        batch_size = batch_size or self._param("batch_size", 5000, int)
        todo = ids[ids > run.cursor]
        run.write({"total": run.rows + len(todo)})
        lo = run.cursor
        for start in range(0, len(todo), batch_size):
            chunk = todo[start : start + batch_size]
            hi = int(chunk[-1])
            # a batch's queries are short but planned over whole tables: JIT
            # compiling them cost more than running them (0.4 s of a 1.2 s
            # batch of the churn step at 1,000,000 customers)
            with without_jit(self.env.cr):
                process(lo, hi, chunk)
            run._advance(hi, len(chunk), max(len(todo) - start - len(chunk), 0))
            lo = hi

    @api.model
    def _update_partners(self, ids, columns):
        """One ``UPDATE res_partner ... FROM unnest(...)`` for many customers,
        in the current company's key of the company-dependent score columns.

        ``columns`` maps a column name to (postgres type, values)."""
        if not len(ids):
            return
        names = list(columns)
        # The scores are company-dependent: set the current company's key only.
        key = str(self.env.company.id)
        sets = SQL(", ").join(
            SQL(
                "%s = COALESCE(p.%s, '{}'::jsonb) || jsonb_build_object(%s, v.%s)",
                SQL.identifier(n),
                SQL.identifier(n),
                key,
                SQL.identifier(n),
            )
            for n in names
        )
        arrays = SQL(", ").join(
            SQL("%s::" + columns[n][0] + "[]", [_py(v) for v in columns[n][1]])
            for n in names
        )
        aliases = SQL(", ").join(SQL.identifier(n) for n in names)
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p SET %(sets)s
                  FROM unnest(%(ids)s::int[], %(arrays)s) AS v(id, %(aliases)s)
                 WHERE p.id = v.id
                """,
                sets=sets,
                ids=[int(i) for i in ids],
                arrays=arrays,
                aliases=aliases,
            )
        )
        self.env["res.partner"].invalidate_model(names)

    @api.model
    def _save_payload(self, run, data):
        # sudo: the payload is technical (group_system) and written by the job.
        run.sudo().payload = base64.b64encode(pickle.dumps(data))
        run._commit()

    @api.model
    def _load_payload(self, run):
        # sudo: see _save_payload; the pickle was written by this job only.
        raw = run.sudo().with_context(bin_size=False).payload
        if not raw:
            return None
        return pickle.loads(base64.b64decode(raw))

    @api.model
    def _score_sql(self, fname, sql_type, alias="p", company=None):
        """The value in ``company`` (default: the current one) of the
        company-dependent score ``fname`` of ``res_partner <alias>``, cast to
        ``sql_type``."""
        return SQL(
            "(%s->>%s)::%s",
            SQL.identifier(alias, fname),
            str((company or self.env.company).id),
            SQL(sql_type),
        )

    @staticmethod
    def _days(delta):
        return delta / timedelta(days=1)


def _py(value):
    if value is None:
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value
