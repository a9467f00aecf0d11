"""Benchmark (a model, no server): the page cache's hit rate on a long-tail catalogue, with one
published-state token for every page (the design before issue 19) against pages cached by the
keys of what they show (editorial/page_keys.py).

Run by hand:

    .venv/bin/python bench/hit_rate.py [--articles 100000] [--rate 200] [--hours 6]

The model (issue 19): ARTICLES article pages read with Zipf-distributed popularity (exponent
ZIPF_S, the most read first), plus the pages listing articles (home and its pages, topics,
search, the feed, the sitemap) taking LISTING_SHARE of the reads, and the board and policy pages;
RATE requests a second for HOURS hours, starting from an empty cache; pages are kept a day
(PAGE_CACHE_SECONDS), longer than the run. A change (an approval: an article picked uniformly)
happens every minute, or every five minutes. With the token, a change makes every stored page
stale. With keys, it makes stale the approved article's page, the listing pages and the board
(what an approval's keys, article:N, listing and board, name); every other page stays.

Printed per change interval and design: the hit rate and the renders a second (misses), side by
side. Target (issue 19): keyed >= 97 %.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
from dataclasses import dataclass

ZIPF_S = 1.0
LISTING_PAGES = 60  # home and its first pages, the topics, search, feed, sitemap sections
LISTING_SHARE = 0.10
OTHER_PAGES = 2  # the board and the policy page
OTHER_SHARE = 0.01
SEED = 19


@dataclass
class Outcome:
    hits: int = 0
    misses: int = 0

    @property
    def rate(self) -> float:
        return self.hits / max(1, self.hits + self.misses)


def zipf_weights(count: int, s: float) -> list[float]:
    return [1 / rank**s for rank in range(1, count + 1)]


def cumulative(weights: list[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def simulate(articles: int, rate: int, hours: float, change_every: float) -> dict[str, Outcome]:
    """Both designs on the same stream of requests and changes."""
    rng = random.Random(SEED)
    board, policy = articles + LISTING_PAGES, articles + LISTING_PAGES + 1
    pages = articles + LISTING_PAGES + OTHER_PAGES
    article_share = 1 - LISTING_SHARE - OTHER_SHARE
    article_cum = cumulative(zipf_weights(articles, ZIPF_S))
    listing_cum = cumulative(zipf_weights(LISTING_PAGES, ZIPF_S))
    total = int(rate * hours * 3600)
    never = -1.0
    token_cached = [never] * pages  # when each page was stored (never: not stored)
    keyed_cached = [never] * pages
    keyed_stale = [0.0] * pages  # when a change last made the page stale
    last_change = 0.0  # the token's: any change
    next_change = change_every
    token, keyed = Outcome(), Outcome()
    listing_first = articles
    for number in range(total):
        now = number / rate
        while now >= next_change:  # an approval of one article, picked uniformly
            last_change = next_change
            approved = rng.randrange(articles)
            keyed_stale[approved] = next_change
            for page in range(listing_first, listing_first + LISTING_PAGES):
                keyed_stale[page] = next_change
            keyed_stale[board] = next_change
            next_change += change_every
        draw = rng.random()
        if draw < article_share:
            page = bisect.bisect(article_cum, rng.random() * article_cum[-1])
        elif draw < article_share + LISTING_SHARE:
            page = listing_first + bisect.bisect(listing_cum, rng.random() * listing_cum[-1])
        else:
            page = board if rng.random() < 0.5 else policy
        page = min(page, pages - 1)
        if token_cached[page] != never and token_cached[page] >= last_change:
            token.hits += 1
        else:
            token.misses += 1
            token_cached[page] = now
        if keyed_cached[page] != never and keyed_cached[page] >= keyed_stale[page]:
            keyed.hits += 1
        else:
            keyed.misses += 1
            keyed_cached[page] = now
    return {"single token": token, "keyed": keyed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rate", type=int, default=200, help="requests a second")
    parser.add_argument("--hours", type=float, default=6)
    args = parser.parse_args()
    seconds = args.hours * 3600
    print(
        f"{args.articles:,} articles, Zipf s={ZIPF_S}, {args.rate} requests/s for "
        f"{args.hours:g} h ({int(args.rate * seconds):,} requests), empty cache at the start"
    )
    print(f"{'a change every':<16}{'design':<14}{'hit rate':>10}{'renders/s':>12}")
    results = {}
    for label, every in (("minute", 60.0), ("five minutes", 300.0)):
        outcomes = simulate(args.articles, args.rate, args.hours, every)
        for design, outcome in outcomes.items():
            results[(label, design)] = outcome
            print(f"{label:<16}{design:<14}{outcome.rate:>9.1%}{outcome.misses / seconds:>12.1f}")
    worst = min(outcome.rate for (_, design), outcome in results.items() if design == "keyed")
    verdict = "met" if worst >= 0.97 else "NOT met"
    print(f"target keyed >= 97 %: {verdict} (lowest {worst:.1%})")


if __name__ == "__main__":
    main()
