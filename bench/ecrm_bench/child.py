"""What the measures' separate processes share (a step or the nightly chain run
where its peak memory and commits are its own): the Odoo configuration and the
timing of a registry class's methods.

A measure runs ``python -c CHILD_PRELUDE + code``; the prelude makes this module
importable and configures Odoo for the database in ``sys.argv[1]``.
"""

import os
import time

import odoo

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CHILD_PRELUDE = f"""
import json, os, resource, sys, time
sys.path.insert(0, {BENCH_DIR!r})
import odoo
from odoo.modules.registry import Registry
from ecrm_bench.child import configure, time_methods
configure(sys.argv[1])
"""


def configure(db):
    odoo.tools.config.parse_config(
        ["-d", db, "--addons-path", os.environ["ECRM_ADDONS_PATH"], "--log-level=warn"]
    )


def time_methods(cls, methods, times):
    """Wrap the methods of the registry class ``cls`` named in ``methods``
    ((label, method name) pairs) so that each call adds its seconds to
    ``times[label]``. The class is that process's own: nothing else sees it."""
    for label, method in methods:
        func = getattr(cls, method)

        def wrapper(*args, _func=func, _label=label, **kwargs):
            t0 = time.perf_counter()
            try:
                return _func(*args, **kwargs)
            finally:
                times[_label] = times.get(_label, 0.0) + time.perf_counter() - t0

        setattr(cls, method, wrapper)
