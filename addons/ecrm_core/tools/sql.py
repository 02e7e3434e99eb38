# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""PostgreSQL settings for the reporting and scoring queries."""

from contextlib import contextmanager

from odoo.tools import SQL


@contextmanager
def without_jit(cr):
    """Run the queries inside without PostgreSQL's JIT compilation.

    PostgreSQL compiles a query to machine code when its estimated cost passes
    ``jit_above_cost``; the estimates of the delivery reports and of the COD
    risk grow with the orders, and from about 100,000 customers compiling (1 to
    2 s a query, measured in docs/benchmarks.md) costs more than running. The
    setting is local to the transaction and put back after the block; if the
    block raises, it stays off until the transaction ends."""
    cr.execute("SELECT current_setting('jit')")
    previous = cr.fetchone()[0]
    cr.execute("SET LOCAL jit = off")
    yield
    cr.execute(SQL("SELECT set_config('jit', %s, true)", previous))
