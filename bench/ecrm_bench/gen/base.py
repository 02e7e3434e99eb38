"""The generator's state and the helpers every data kind uses."""

import datetime as dt
import logging
import random
import time

from .data import (
    PREFIXES,
    PROVINCES,
)

_logger = logging.getLogger("bench.generate")


class Generator:
    def __init__(self, env, args):
        self.env = env
        self.cr = env.cr
        self.args = args
        self.rng = random.Random(args.seed)
        self.today = dt.datetime.combine(dt.date.today(), dt.time(0))
        self.start = self.today - dt.timedelta(days=365 * args.years)
        self.stats = {}
        self.vn = env.ref("base.vn")
        self.company = env.company
        self.states = {
            code: env.ref(f"base.state_vn_{code}").id for code, _c, _w in PROVINCES
        }
        self.used_numbers = set()

    # -- helpers ---------------------------------------------------------------
    def log(self, msg, **stats):
        self.stats.update(stats)
        _logger.info(msg)
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)

    def new_number(self):
        rng = self.rng
        while True:
            national = rng.choice(PREFIXES) + f"{rng.randrange(10**7):07d}"
            if national not in self.used_numbers:
                self.used_numbers.add(national)
                return national

    def order_day(self, lo, hi):
        """A day in [lo, hi) with Tết (Jan-Feb) and 11.11/12.12 peaks."""
        rng = self.rng
        span = (hi - lo).days
        while True:
            day = lo + dt.timedelta(
                days=rng.randrange(max(span, 1)),
                seconds=rng.randrange(8 * 3600, 22 * 3600),
            )
            weight = 1.0
            if day.month == 1 or (day.month == 2 and day.day <= 15):
                weight = 2.5
            elif (day.month, day.day) in ((11, 11), (12, 12)):
                weight = 4.0
            if rng.random() * 4.0 < weight:
                return day

    # -- steps -------------------------------------------------------------------
