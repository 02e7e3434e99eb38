# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The generated shoppers behave as their kind says (bench/ecrm_bench/gen/behaviour.py).

Pure Python on the generator's own draws, no database: the habits that the
nightly models are graded on (rhythm kept over time, lapsing customers who stop,
categories customers come back to) hold in the data that ``bench/generate``
writes.
"""

import datetime as dt
import os
import random
import statistics
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))

from ecrm_bench.gen.behaviour import (  # noqa: E402
    Catalogue,
    Shopper,
    first_order_day,
    origin_channel,
)
from ecrm_bench.gen.data import BEHAVIOURS, CATEGORIES  # noqa: E402

TODAY = dt.datetime(2026, 12, 1)
START = TODAY - dt.timedelta(days=730)


class TestBenchBehaviour(unittest.TestCase):
    def setUp(self):
        self.rng = random.Random(11)
        leaves = [leaf for children in CATEGORIES.values() for leaf in children]
        by_leaf = [[] for _leaf in leaves]
        for i in range(1, 221):
            by_leaf[i % len(leaves)].append(i)
        self.leaf_of = {p: k for k, ids in enumerate(by_leaf) for p in ids}
        self.catalogue = Catalogue(leaves, by_leaf)

    def _customers(self, behaviour, count=300):
        rng = self.rng
        for _i in range(count):
            shopper = Shopper(rng, behaviour, self.catalogue.favourite_leaves(rng))
            first = first_order_day(rng, behaviour, START, TODAY)
            yield shopper, shopper.orders(rng, first, TODAY, self.catalogue)

    def test_one_off_buyers_buy_once(self):
        tried_again = 0
        for _shopper, orders in self._customers("one_off"):
            states = [state for _d, state, _p in orders]
            self.assertLessEqual(states.count("sale"), 1)
            self.assertLessEqual(len(orders), 2)
            # a second try that went wrong, then nothing
            tried_again += len(orders) == 2
            self.assertEqual(
                {state for _d, state, _p in orders[1:]} - {"cancel"}, set()
            )
        self.assertGreater(tried_again, 0)

    def test_orders_are_in_the_period_and_in_order(self):
        for behaviour in BEHAVIOURS:
            for _shopper, orders in self._customers(behaviour, 50):
                days = [day for day, _state, _products in orders]
                self.assertEqual(days, sorted(days))
                self.assertTrue(all(START <= day < TODAY for day in days), behaviour)
                self.assertTrue(all(products for _d, _s, products in orders))

    def test_loyal_customers_keep_their_own_rhythm(self):
        """The gaps of the older half of their history and of the newer half
        both follow the customer's own pace, and paces differ between
        customers."""
        pace, first_half, second_half = [], [], []
        for shopper, orders in self._customers("loyal"):
            days = [day for day, state, _p in orders if state == "sale"]
            if len(days) < 12:
                continue
            gaps = [(b - a).days for a, b in zip(days, days[1:], strict=False)]
            half = len(gaps) // 2
            pace.append(shopper.gap)
            first_half.append(statistics.mean(gaps[:half]))
            second_half.append(statistics.mean(gaps[half:]))
        self.assertGreater(len(pace), 50)
        self.assertGreater(statistics.correlation(pace, first_half), 0.6)
        self.assertGreater(statistics.correlation(pace, second_half), 0.6)
        self.assertGreater(max(pace), 2 * min(pace))

    def test_lapsing_customers_thin_out_then_stop(self):
        stopped, thinning = 0, 0
        customers = list(self._customers("lapsing"))
        for _shopper, orders in customers:
            days = [day for day, _s, _p in orders]
            if (TODAY - days[-1]).days > 180:
                stopped += 1
            gaps = [(b - a).days for a, b in zip(days, days[1:], strict=False)]
            if len(gaps) >= 4 and sum(gaps[-2:]) > sum(gaps[:2]):
                thinning += 1
        self.assertGreater(stopped, len(customers) * 0.6)
        self.assertGreater(thinning, 0)

    def test_seasonal_shoppers_buy_for_tet_and_the_sales(self):
        in_season = total = 0
        for _shopper, orders in self._customers("seasonal"):
            for day, _s, _p in orders[1:]:
                total += 1
                in_season += (
                    day.month == 1
                    or (day.month == 2 and day.day <= 10)
                    or (day.month, day.day) in ((11, 11), (11, 12), (12, 12), (12, 13))
                )
        self.assertGreater(total, 100)
        self.assertGreater(in_season / total, 0.9)

    def test_customers_come_back_to_their_categories(self):
        """Most lines of a repeat customer are in their one or two leaf
        categories or their complements, not spread over the catalogue."""
        own = total = 0
        for shopper, orders in self._customers("regular"):
            mine = set(shopper.leaves)
            for leaf in shopper.leaves:
                mine.update(self.catalogue.complements[leaf])
            for _d, _s, products in orders:
                for product in products:
                    total += 1
                    own += self.leaf_of[product] in mine
        self.assertGreater(own / total, 0.8)

    def test_channels_follow_the_kind_of_shopper(self):
        rng = self.rng
        loyal = [origin_channel(rng, "loyal") for _i in range(2000)]
        one_off = [origin_channel(rng, "one_off") for _i in range(2000)]
        self.assertGreater(loyal.count("store"), 2 * one_off.count("store"))
        self.assertGreater(one_off.count("marketplace"), 3 * loyal.count("marketplace"))
