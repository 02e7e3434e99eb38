# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Waking a scheduled action from a request: the trigger row, and the NOTIFY
the cron workers listen to."""

import select
import time

import psycopg2

from odoo import sql_db
from odoo.tests import TransactionCase, tagged

from ..tools import wake

XMLID = "ecrm_core.ir_cron_ecrm_order_intake"


@tagged("post_install", "-at_install")
class TestWakeCron(TransactionCase):
    def setUp(self):
        super().setUp()
        self.cron = self.env.ref(XMLID)
        self.Trigger = self.env["ir.cron.trigger"]

    def _triggers(self):
        return self.Trigger.search([("cron_id", "=", self.cron.id)])

    def test_a_trigger_is_written_in_the_transaction_and_one_wake_up_queued(self):
        before = self._triggers()
        wake.wake_cron(self.env, XMLID)
        wake.wake_cron(self.env, XMLID)
        triggers = self._triggers() - before
        self.assertEqual(len(triggers), 2)
        self.assertEqual(triggers.create_uid, self.env.user)
        self.assertLessEqual(max(triggers.mapped("call_at")), self.cr.now())
        # the NOTIFY waits for the commit, once however many triggers
        self.assertTrue(self.cr.postcommit.data.get("ecrm_wake_cron"))
        self.assertEqual(len(self.cr.postcommit._funcs), 1)

    def test_an_archived_cron_is_not_triggered(self):
        self.cron.active = False
        before = self._triggers()
        wake.wake_cron(self.env, XMLID)
        self.assertEqual(self._triggers(), before)
        self.assertFalse(self.cr.postcommit.data.get("ecrm_wake_cron"))

    def test_the_wake_up_reaches_a_listening_cron_worker(self):
        # A cron worker listens on the postgres database, as Odoo's do.
        _dsn, info = sql_db.connection_info_for("postgres")
        listener = psycopg2.connect(**info)
        listener.autocommit = True
        try:
            with listener.cursor() as cur:
                cur.execute("LISTEN cron_trigger")
            notify = wake._notify_cron_workers(self.cr.dbname)
            notify()
            # a second call reuses this process's connection
            kept = wake._notifier["cnx"]
            notify()
            self.assertIs(wake._notifier["cnx"], kept)
            # a connection closed under it is replaced, the wake-up not lost
            kept.close()
            notify()
            self.assertIsNot(wake._notifier["cnx"], kept)
            payloads = []
            deadline = time.monotonic() + 10
            while len(payloads) < 3 and time.monotonic() < deadline:
                select.select([listener], [], [], 1)
                listener.poll()
                while listener.notifies:
                    payloads.append(listener.notifies.pop(0).payload)
            self.assertEqual(payloads, [self.cr.dbname] * 3)
        finally:
            listener.close()
