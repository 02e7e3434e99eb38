# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Wake a scheduled action from a busy request path, cheaply.

Odoo's ``ir.cron._trigger()`` does two things: it creates an
``ir.cron.trigger`` row, and after the commit it sends ``NOTIFY cron_trigger``
so that an idle cron worker polls at once instead of within a minute. The
NOTIFY goes through the ``postgres`` database, whose connections Odoo never
keeps in its pool: each call opens a new PostgreSQL connection (a backend
started and stopped on the server), about 6-9 ms, more than the rest of the
storefront's asynchronous accept. Here the row is one ``INSERT`` and the NOTIFY
goes through one connection that each worker process keeps open.

The semantics are Odoo's own: the trigger row is written in the caller's
transaction (gone if it rolls back) and the cron workers are woken only after
the commit. A cron worker that misses the NOTIFY (none was listening, the
connection broke) still finds the trigger row at its next poll.
"""

import logging
import os
import threading

import psycopg2

from odoo import sql_db
from odoo.tools import SQL

from odoo.addons.base.models.ir_cron import ODOO_NOTIFY_FUNCTION

_logger = logging.getLogger(__name__)

_lock = threading.Lock()
# The notifying connection of this process: (pid, connection). A forked worker
# never uses its parent's connection.
_notifier = {"pid": None, "cnx": None}


def wake_cron(env, cron_xmlid):
    """Run the scheduled action ``cron_xmlid`` as soon as the caller's
    transaction commits, as ``ir.cron._trigger()`` does."""
    env.cr.execute(trigger_sql(env, cron_xmlid))
    if env.cr.rowcount:
        notify_after_commit(env)


def trigger_sql(env, cron_xmlid, when=None):
    """The ``INSERT`` of the trigger row of ``cron_xmlid`` (none for an archived
    cron, as Odoo does), only if the SQL condition ``when`` holds: a statement
    that writes rows can wake the cron in the same round trip, in a CTE. Call
    ``notify_after_commit`` when it wrote a row."""
    # The cached xmlid lookup: no query to find the cron on every call.
    cron_id = env["ir.model.data"]._xmlid_to_res_id(cron_xmlid)
    env["ir.cron"].flush_model(["active"])
    return SQL(
        """INSERT INTO ir_cron_trigger
                  (cron_id, call_at, create_uid, create_date, write_uid, write_date)
           SELECT id, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC',
                  %(uid)s, now() AT TIME ZONE 'UTC'
             FROM ir_cron WHERE id = %(cron)s AND active AND %(when)s
        RETURNING id""",
        uid=env.uid,
        cron=cron_id,
        when=when or SQL("true"),
    )


def notify_after_commit(env):
    """Wake the cron workers once the caller's transaction commits; one NOTIFY
    a transaction, however many triggers it wrote."""
    if not env.cr.postcommit.data.get("ecrm_wake_cron"):
        env.cr.postcommit.data["ecrm_wake_cron"] = True
        env.cr.postcommit.add(_notify_cron_workers(env.cr.dbname))


def _notify_cron_workers(dbname):
    def notify():
        with _lock:
            for attempt in (1, 2):
                try:
                    with _connection().cursor() as cur:
                        cur.execute(
                            *SQL(
                                "SELECT %s('cron_trigger', %s)",
                                SQL.identifier(ODOO_NOTIFY_FUNCTION),
                                dbname,
                            )
                        )
                    return
                except psycopg2.Error:
                    # A connection closed by the server (restart, idle
                    # timeout): open a new one once; the trigger row stays.
                    _close()
                    if attempt == 2:
                        _logger.warning(
                            "eCRM: could not wake the cron workers", exc_info=True
                        )

    return notify


def _connection():
    cnx = _notifier["cnx"]
    if _notifier["pid"] != os.getpid() or cnx is None or cnx.closed:
        _dsn, info = sql_db.connection_info_for("postgres")
        cnx = psycopg2.connect(**info)
        cnx.autocommit = True
        _notifier.update(pid=os.getpid(), cnx=cnx)
    return cnx


def _close():
    cnx, _notifier["cnx"] = _notifier["cnx"], None
    if cnx is not None and _notifier["pid"] == os.getpid():
        try:
            cnx.close()
        except psycopg2.Error:
            pass
