"""How each kind of shopper buys: when, how often, how much and what.

Retail customers are not random draws from one catalogue at one rate. Each
customer keeps their own rhythm and basket over the years, until they stop
(Schmittlein, Morrison & Colombo 1987; Fader, Hardie & Lee 2005), and comes
back to the categories they know and their complements (Linden, Smith & York
2003). The kinds of shopper and their shares are in ``data.BEHAVIOURS``:

- *loyal*: a steady rhythm (a few weeks between purchases), rarely leaves;
- *regular*: a slower rhythm (two to four months), leaves now and then;
- *lapsing*: starts often, the gaps grow, then stops for good;
- *one_off*: buys once;
- *seasonal*: buys for Tết and the 11.11 / 12.12 sales, little in between;
- *bargain*: a regular rhythm pulled to the sale days, mostly discounted lines.

Every customer can also stop after any purchase (their own dropout chance), so
that recency read against the customer's own rhythm tells who left. Pure
Python on the generator's seeded ``random.Random``: linear in the number of
orders, no database access.
"""

import bisect
import datetime as dt
import itertools
import math

from .data import BEHAVIOURS, CHANNELS, COMPLEMENTS

DAY = dt.timedelta(days=1)


def _sale_days(year):
    """(first day of the Tết shopping, 11.11, 12.12) of ``year``."""
    return dt.datetime(year, 1, 5), dt.datetime(year, 11, 11), dt.datetime(year, 12, 12)


class Shopper:
    """One customer's habits, drawn once; ``orders`` then draws their orders
    from them (when: ``purchase_days``, what: ``basket``)."""

    __slots__ = (
        "behaviour",
        "gap",
        "shape",
        "dropout",
        "growth",
        "lines",
        "discount_share",
        "leaves",
        "sale_pull",
        "season_p",
        "max_orders",
        "sale_extra",
        "cancel",
        "last_cancel",
        "stopped",
    )

    def __init__(self, rng, behaviour, leaves, gap_scale=1.0):
        spec = BEHAVIOURS[behaviour]
        self.behaviour = behaviour
        lo, hi = spec["gap_days"]
        # the customer's own mean gap, log-uniform in the kind's range (scaled
        # so that the requested number of order lines comes out)
        self.gap = math.exp(rng.uniform(math.log(lo), math.log(hi))) * gap_scale
        self.shape = spec["regularity"]
        self.dropout = spec["dropout"] * rng.uniform(0.5, 1.5)
        self.growth = spec.get("growth", 1.0)
        self.lines = spec["lines"] * rng.uniform(0.7, 1.4)
        self.discount_share = spec["discount_share"]
        self.sale_pull = spec.get("sale_pull", 0.2)
        self.sale_extra = spec.get("sale_extra", 0.0)
        self.cancel = spec.get("cancel", 0.06)
        self.last_cancel = spec.get("last_cancel", 0.4)
        self.stopped = False
        self.season_p = rng.uniform(0.55, 0.95)
        lo, hi = spec.get("purchases", (10**6, 10**6))
        self.max_orders = rng.randint(lo, hi)
        self.leaves = leaves

    # -- when ------------------------------------------------------------------
    def purchase_days(self, rng, first, today):
        """The customer's purchase moments from ``first`` (their first order)
        to ``today`` (excluded), in order."""
        if self.behaviour == "one_off":
            self.stopped = True
            return [first]
        if self.behaviour == "seasonal":
            return self._seasonal_days(rng, first, today)
        days, day, gap = [first], first, self.gap
        alive_until = None  # still a customer today unless they stopped
        while alive_until is None:
            if len(days) >= self.max_orders or rng.random() < self.dropout:
                alive_until = day  # stopped after this purchase
                self.stopped = True
                break
            # gamma gaps: shape > 1 is a steadier rhythm than Poisson's
            day = day + dt.timedelta(
                days=max(1.0, rng.gammavariate(self.shape, gap / self.shape))
            )
            if day >= today:
                alive_until = today
                break
            days.append(self._pulled_to_sale(rng, day, today))
            gap *= self.growth
        days.extend(self._sale_extras(rng, first, alive_until))
        return sorted(days)

    def _sale_extras(self, rng, first, alive_until):
        """While they still shop here, customers also buy for Tết and on the
        11.11 and 12.12 sales, on top of their rhythm."""
        extras = []
        if not self.sale_extra:
            return extras
        for year in range(first.year, alive_until.year + 1):
            for start, spread in zip(_sale_days(year), (35, 1, 1), strict=True):
                if rng.random() < self.sale_extra:
                    day = start + dt.timedelta(
                        days=rng.randrange(spread),
                        seconds=rng.randrange(8 * 3600, 22 * 3600),
                    )
                    if first + DAY < day < alive_until:
                        extras.append(day)
        return extras

    def _pulled_to_sale(self, rng, day, today):
        """A purchase due in the fortnight before 11.11 or 12.12 often waits
        for the sale day."""
        for sale in _sale_days(day.year)[1:]:
            if (
                sale - dt.timedelta(days=14) <= day < sale
                and rng.random() < self.sale_pull
            ):
                moved = sale + dt.timedelta(seconds=rng.randrange(8 * 3600, 22 * 3600))
                return moved if moved < today else day
        return day

    def _seasonal_days(self, rng, first, today):
        days = [first]
        for year in range(first.year, today.year + 1):
            tet, eleven, twelve = _sale_days(year)
            for start, spread, chance in (
                (tet, 35, self.season_p),
                (eleven, 2, self.season_p * 0.8),
                (twelve, 2, self.season_p * 0.7),
            ):
                if rng.random() < chance:
                    day = start + dt.timedelta(
                        days=rng.randrange(spread),
                        seconds=rng.randrange(8 * 3600, 22 * 3600),
                    )
                    if first + DAY < day < today:
                        days.append(day)
            if rng.random() < self.dropout:
                self.stopped = True
                break
        return sorted(days)

    def orders(self, rng, first, today, catalogue):
        """[(moment, state, products)] of the customer's orders: a few are
        cancelled, the last days' ones may still be drafts. Many who stop
        leave after a last order that went wrong (cancelled, refused)."""
        result = []
        for day in self.purchase_days(rng, first, today):
            state = "sale"
            r = rng.random()
            if r < self.cancel:
                state = "cancel"
            elif r < self.cancel + 0.01 and (today - day).days < 10:
                state = "draft"
            result.append((day, state, self.basket(rng, catalogue)))
        if self.stopped and rng.random() < self.last_cancel:
            day = result[-1][0] + dt.timedelta(days=rng.uniform(2, 30))
            if day < today:
                result.append((day, "cancel", self.basket(rng, catalogue)))
        return result

    # -- what --------------------------------------------------------------------
    def basket(self, rng, catalogue):
        """Products of one order: mostly from the customer's own categories,
        then their complements, now and then anything popular."""
        count = max(1, int(rng.expovariate(1 / self.lines) + 0.5))
        chosen = []
        leaf = self.leaves[0] if rng.random() < 0.65 else self.leaves[-1]
        for _i in range(count):
            r = rng.random()
            if r < 0.8:
                chosen.append(catalogue.pick(rng, leaf))
            elif r < 0.92:
                chosen.append(catalogue.pick(rng, catalogue.complement(rng, leaf)))
            else:
                chosen.append(catalogue.pick_any(rng))
            if rng.random() < 0.3:  # the next line completes this one
                leaf = catalogue.complement(rng, leaf)
        return chosen


def first_order_day(rng, behaviour, start, today):
    """When a new customer first buys: the shop gains customers all along;
    loyal customers have been here a while, lapsing ones came early enough to
    have thinned out since."""
    span = (today - start).days
    share = BEHAVIOURS[behaviour].get("joined_within", 0.97)
    return start + dt.timedelta(
        days=rng.randrange(int(span * share)),
        seconds=rng.randrange(8 * 3600, 22 * 3600),
    )


def origin_channel(rng, behaviour):
    """Where the customer first came from: loyal customers mostly from the
    stores and the web shop, one-off buyers often from marketplaces and
    Facebook."""
    weights = BEHAVIOURS[behaviour].get("channels") or dict(CHANNELS)
    names = list(weights)
    return rng.choices(names, [weights[c] for c in names])[0]


class Catalogue:
    """Products by leaf category with Zipf-like popularity, and the leaves that
    complement each other (``data.COMPLEMENTS``)."""

    def __init__(self, leaf_names, products_by_leaf):
        self.leaf_names = leaf_names
        self.products = products_by_leaf  # leaf index -> [product id]
        self.cum = [
            list(itertools.accumulate(1.0 / (1 + i) ** 0.9 for i in range(len(p))))
            for p in products_by_leaf
        ]
        # leaves themselves are not equally popular
        self.leaf_cum = list(
            itertools.accumulate(1.0 / (1 + i) ** 0.5 for i in range(len(leaf_names)))
        )
        index = {name: i for i, name in enumerate(leaf_names)}
        self.complements = [
            [index[c] for c in COMPLEMENTS.get(name, ()) if c in index]
            for name in leaf_names
        ]

    def pick(self, rng, leaf):
        cum = self.cum[leaf]
        return self.products[leaf][bisect.bisect(cum, rng.random() * cum[-1])]

    def pick_any(self, rng):
        return self.pick(rng, self.random_leaf(rng))

    def random_leaf(self, rng):
        return bisect.bisect(self.leaf_cum, rng.random() * self.leaf_cum[-1])

    def complement(self, rng, leaf):
        options = self.complements[leaf]
        return rng.choice(options) if options else leaf

    def favourite_leaves(self, rng):
        """One or two leaves the customer keeps coming back to: the second one
        is often the complement of the first."""
        first = self.random_leaf(rng)
        r = rng.random()
        if r < 0.45:
            return (first,)
        if r < 0.8:
            return (first, self.complement(rng, first))
        return (first, self.random_leaf(rng))
