"""The measure registry and the timer every measure shares."""

import os
import random
import statistics
import time

MEASURES = []
RESULTS = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "results"
)


def measure(name, description):
    def decorator(func):
        MEASURES.append((name, description, func))
        return func

    return decorator


class Bench:
    def __init__(self, env, args):
        self.env = env
        self.cr = env.cr
        self.args = args
        self.rng = random.Random(args.seed)
        self.results = []

    def timeit(self, func, repeat=None):
        repeat = repeat or self.args.repeat
        func()  # warm-up: caches, plans
        times = []
        for _i in range(repeat):
            self.env.invalidate_all()
            t0 = time.perf_counter()
            func()
            times.append((time.perf_counter() - t0) * 1000.0)
        return times

    def record(self, name, description, orm_ms, sql_ms=None, unit="ms", **extra):
        row = {
            "name": name,
            "description": description,
            "unit": unit,
            "median": statistics.median(orm_ms),
            "min": min(orm_ms),
            "max": max(orm_ms),
            "runs": len(orm_ms),
        }
        if sql_ms:
            row["sql_median"] = statistics.median(sql_ms)
            row["sql_min"] = min(sql_ms)
            row["sql_max"] = max(sql_ms)
            row["ratio"] = (
                row["median"] / row["sql_median"] if row["sql_median"] else None
            )
        row.update(extra)
        row["measured_at"] = time.strftime("%Y-%m-%d %H:%M:%S")
        row["load_average"] = [round(x, 2) for x in os.getloadavg()]
        self.results.append(row)
        sql = (
            f"  sql {row['sql_median']:9.2f} {unit}  ratio {row['ratio']:6.1f}x"
            if sql_ms
            else ""
        )
        more = "  " + " ".join(f"{k}={v}" for k, v in extra.items()) if extra else ""
        print(
            f"{name:32} {row['median']:9.2f} {unit} "
            f"[{row['min']:.2f}-{row['max']:.2f}]{sql}{more}",
            flush=True,
        )

    def skip(self, name, why):
        self.results.append({"name": name, "skipped": why})
        print(f"{name:32} skipped: {why}", flush=True)

    def sample_partners(self, count):
        self.cr.execute(
            "SELECT partner_id FROM bench_ground_truth ORDER BY partner_id LIMIT %s "
            "OFFSET (SELECT count(*) / 3 FROM bench_ground_truth)",
            [count],
        )
        return [r[0] for r in self.cr.fetchall()]


def rewrite(number_e164, style):
    """The number written another way than it is stored."""
    national = number_e164[3:]
    a, b, c = national[:3], national[3:6], national[6:]
    return [f"0{a} {b} {c}", f"+84 {national}", f"84{national}", f"0{a}.{b}.{c}"][
        style % 4
    ]
