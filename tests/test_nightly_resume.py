# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The nightly analytics chain killed with SIGKILL, again and again, gives the
results of a run that was never interrupted.

Two copies of a generated database: one runs the chain once; on the other the
chain is started in a separate Odoo process and killed (``kill -9``) after a
few committed batches, several times, at different steps, then run to its end.
Every stored result of the analytics addon (customer scores and segments, the
tables of its models) must then be the same in both. Batches are made small
(20 customers) so that the kills land inside steps, not only between them.
"""

import os
import signal
import subprocess
import sys
import time
import unittest

import odoo
from odoo.tests import BaseCase, tagged

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_CLI = "import sys, odoo.cli; sys.argv[0] = 'odoo'; odoo.cli.main()"
CHAIN = (
    "env['ir.config_parameter'].set_param('ecrm_analytics.batch_size', 20)\n"
    "env.cr.commit()\n"
    "env['ecrm.analytics'].run_nightly()\n"
    "env.cr.commit()\n"
)
# after how many committed batches (or started steps) each run is killed: small
# steps, so that two kills land inside the chain even on a fast machine, where
# a run can get through several batches between two looks at its progress
KILLS = (2, 4, 6, 8, 10)


def psql(db, sql):
    result = subprocess.run(
        ["psql", "-X", "-q", "-t", "-A", "-d", db, "-c", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def results_digest(db):
    """One digest per stored result of ecrm_analytics: its columns on
    res.partner and the rows of its own models (not the run log, nor the
    times at which things were written)."""
    fields = psql(
        db,
        """SELECT f.model || '|' || f.name
             FROM ir_model_fields f
             JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
            WHERE d.module = 'ecrm_analytics' AND f.store
              AND f.ttype NOT IN ('one2many', 'many2many', 'datetime', 'binary')
              AND f.name NOT IN ('id', 'create_uid', 'write_uid')
              AND COALESCE(f.relation, '') NOT LIKE 'ecrm.analytics.run%'
              AND f.model NOT LIKE 'ecrm.analytics.run%'
              AND f.model NOT LIKE '%.report'
         ORDER BY 1""",
    ).splitlines()
    columns = {}
    for line in fields:
        model, name = line.split("|")
        columns.setdefault(model, []).append(name)
    digests = {}
    for model, names in columns.items():
        table = model.replace(".", "_")
        exists = psql(
            db,
            f"SELECT count(*) FROM information_schema.columns "
            f"WHERE table_name = '{table}' AND column_name = '{names[0]}'",
        )
        if exists != "1":
            continue  # a non-stored model (abstract, transient)
        cols = ", ".join(f'"{name}"' for name in sorted(names))
        digests[model] = psql(
            db,
            f"SELECT count(*) || ':' || md5(COALESCE(string_agg(r::text, '/' "
            f"ORDER BY r::text), '')) FROM (SELECT {cols} FROM {table}) r",
        )
    return digests


@tagged("post_install", "-at_install")
class TestNightlyKilled(BaseCase):
    test_module = "ecrm_tests"
    maxDiff = None

    def _chain(self, db):
        return subprocess.Popen(
            [
                sys.executable,
                "-c",
                ODOO_CLI,
                "shell",
                "-d",
                db,
                "--addons-path",
                odoo.tools.config["addons_path"],
                "--no-http",
                "--log-level=warn",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )

    def _progress(self, db):
        return int(
            psql(
                db,
                "SELECT count(*) + COALESCE(sum(rows), 0) / 20 FROM ecrm_analytics_run",
            )
        )

    def _copy(self, source, name):
        psql("postgres", f'DROP DATABASE IF EXISTS "{name}"')
        subprocess.run(["createdb", "-T", source, name], check=True)
        self.addCleanup(psql, "postgres", f'DROP DATABASE IF EXISTS "{name}"')

    def test_killed_chain_gives_the_results_of_an_uninterrupted_one(self):
        source = os.environ.get("ECRM_BENCH_DB")
        if not source:
            raise unittest.SkipTest(
                "run through scripts/test, which prepares the database"
            )
        odoo.sql_db.close_db(source)
        base = f"{source}_resume"
        self._copy(source, base)
        if psql(base, "SELECT to_regclass('bench_ground_truth') IS NULL") == "t":
            gen = subprocess.run(
                [
                    os.path.join(ROOT, "bench", "generate"),
                    "--db",
                    base,
                    "--customers",
                    "400",
                ],
                capture_output=True,
                text=True,
                env=dict(os.environ, ODOO_PYTHON=sys.executable),
                check=False,
                timeout=900,
            )
            self.assertEqual(gen.returncode, 0, gen.stderr[-3000:])
        whole, killed = f"{base}_whole", f"{base}_killed"
        self._copy(base, whole)
        self._copy(base, killed)

        proc = self._chain(whole)
        _out, err = proc.communicate(CHAIN, timeout=900)
        self.assertEqual(proc.returncode, 0, err[-3000:])

        first_run = psql(killed, "SELECT COALESCE(max(id), 0) FROM ecrm_analytics_run")
        steps = psql(
            whole,
            f"SELECT count(*) FROM ecrm_analytics_run WHERE id > {int(first_run)}",
        )

        def finished():
            return steps == psql(
                killed,
                "SELECT count(*) FROM ecrm_analytics_run "
                f"WHERE id > {int(first_run)} AND state = 'done'",
            )

        kills = 0
        for after in KILLS:
            start = self._progress(killed)
            proc = self._chain(killed)
            proc.stdin.write(CHAIN)
            proc.stdin.close()
            deadline = time.time() + 600
            while proc.poll() is None and time.time() < deadline:
                if self._progress(killed) - start >= after:
                    os.killpg(proc.pid, signal.SIGKILL)
                    break
                time.sleep(0.05)
            proc.wait(timeout=60)
            if proc.returncode not in (0, -signal.SIGKILL):
                self.fail(proc.stderr.read()[-3000:])
            if proc.returncode == 0 or finished():
                break  # the chain ended before this kill
            kills += 1
        # at least two kills landed while the chain was working
        self.assertGreaterEqual(kills, 2)

        if not finished():
            proc = self._chain(killed)
            _out, err = proc.communicate(CHAIN, timeout=900)
            self.assertEqual(proc.returncode, 0, err[-3000:])
        # one chain, resumed: every step done once, none left running
        self.assertEqual(
            psql(
                killed,
                "SELECT count(DISTINCT chain) || '/' || count(*) FILTER "
                "(WHERE state <> 'done') || '/' || count(*) - count(DISTINCT name) "
                f"FROM ecrm_analytics_run WHERE id > {int(first_run)}",
            ),
            "1/0/0",
            psql(
                killed,
                "SELECT string_agg(concat_ws(' ', id, name, chain, state, rows, "
                f"cursor), E'\\n' ORDER BY id) FROM ecrm_analytics_run "
                f"WHERE id > {int(first_run)}",
            ),
        )
        expected, got = results_digest(whole), results_digest(killed)
        self.assertTrue(expected)
        self.assertEqual(got, expected)
