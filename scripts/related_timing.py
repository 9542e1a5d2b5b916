"""Local timing for issue 5 (not a test): index_article cost and related()/search() latency.

    .venv/bin/python scripts/related_timing.py --articles 20000 --db /tmp/related-timing.sqlite3

Builds a synthetic archive (topical clusters over a Zipf vocabulary, some syndicated copies)
through ArticleRepository.insert + RelatedRepository.index_article, then times queries.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.index.related import RelatedRepository
from bot.index.search import SearchRepository
from bot.models import NewArticle
from bot.nlp import fingerprint, related
from bot.storage.articles import ArticleRepository
from bot.storage.database import Database
from bot.timeutil import to_db

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def vocabulary(rng: random.Random, n: int) -> list[str]:
    """Random pseudo-words."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(4, 10))) for _ in range(n)]


def make_text(rng: random.Random, vocab: list[str], topic: list[str], names: list[str], words: int) -> str:
    """A body: topic words, names and Zipf-distributed filler, in sentences."""
    out = []
    for i in range(words):
        r = rng.random()
        if r < 0.25:
            out.append(rng.choice(topic))
        elif r < 0.30:
            out.append(rng.choice(names))
        else:
            out.append(vocab[min(len(vocab) - 1, int(rng.paretovariate(1.1)) - 1)])
        if i % 18 == 17:
            out[-1] += "."
    return " ".join(out)


def pct(values: list[float], p: float) -> float:
    """Percentile ``p`` of ``values``."""
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


async def main(args: argparse.Namespace) -> None:
    """Build (or extend) the synthetic archive, then time index_article, related and search."""
    rng = random.Random(7)
    vocab = vocabulary(rng, 30000)
    topics = [rng.sample(vocab[200:], 40) for _ in range(400)]
    names = [f"{rng.choice(vocab[500:]).title()} {rng.choice(vocab[500:]).title()}" for _ in range(2000)]
    path = Path(args.db)
    async with Database.connect(path) as db:
        articles, repo = ArticleRepository(db), RelatedRepository(db)
        have = int(await db.fetchval("SELECT COUNT(*) FROM articles"))
        rng = random.Random(7 + have)  # resuming an archive continues with new texts
        costs: list[float] = []
        texts: list[str] = []
        for n in range(have, args.articles):
            topic = rng.randrange(len(topics))
            text = make_text(rng, vocab, topics[topic], rng.sample(names, 4), args.words)
            if texts and rng.random() < 0.03:
                text = rng.choice(texts[-500:]) + f" Updated {n}."
            texts.append(text)
            title = " ".join(rng.sample(topics[topic], 5)).capitalize()
            published = T0 + timedelta(minutes=2 * n)
            kw, ents = related.extract_keywords(title, text, "en"), related.extract_entities(title, text)
            mh = fingerprint.minhash(text)
            async with db.transaction():
                article_id = await articles.insert(
                    NewArticle(title=title, text=text, canonical_url=f"s/{n}", published_at=published),
                    content_hash=fingerprint.content_hash(text),
                    lang="en",
                )
                t = time.perf_counter()
                await db.run_sync(functools.partial(
                    repo.index_article_sync, article_id=article_id, title=title, text=text, lang="en",
                    published_at=to_db(published), feed_id=None, minhash=mh, keywords=kw, entities=ents,
                ))
                costs.append(time.perf_counter() - t)
            if n % 5000 == 4999:
                recent = costs[-5000:]
                print(f"{n + 1} articles: index_article mean {statistics.mean(recent) * 1e3:.2f} ms, "
                      f"p99 {pct(recent, 0.99) * 1e3:.2f} ms", flush=True)
        if costs:
            print(f"index_article over {len(costs)} new articles (archive {args.articles}): mean "
                  f"{statistics.mean(costs) * 1e3:.2f} ms, p99 {pct(costs, 0.99) * 1e3:.2f} ms", flush=True)
        total = int(await db.fetchval("SELECT MAX(id) FROM articles"))
        lat = []
        for _ in range(args.queries):
            aid = rng.randint(1, total)
            t = time.perf_counter()
            await repo.related(aid, 5)
            lat.append(time.perf_counter() - t)
        print(f"related() over {total} articles: p50 {pct(lat, 0.5) * 1e3:.2f} ms, p99 {pct(lat, 0.99) * 1e3:.2f} ms")
        search = SearchRepository(db)
        for label, query in [("rare", names[3].split()[0]), ("common", vocab[0]), ("very common 3 terms",
                             f"{vocab[0]} {vocab[1]} {vocab[2]}"), ("prefix", vocab[5][:3] + "*")]:
            for order in ("newest", "best"):
                lat = []
                for _ in range(50):
                    t = time.perf_counter()
                    await search.search(query, order=order)
                    lat.append(time.perf_counter() - t)
                print(f"search {label:20s} {order:6s}: p50 {pct(lat, 0.5) * 1e3:.2f} ms, "
                      f"p99 {pct(lat, 0.99) * 1e3:.2f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--words", type=int, default=400)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--db", default="/tmp/related-timing.sqlite3")
    asyncio.run(main(parser.parse_args()))
