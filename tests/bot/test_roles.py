"""``newsbot run --role``: option checks, two pollers sharing feeds through leases, /healthz naming the role."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest

from bot.cli import build_parser, main, open_services
from bot.cli_run import lease_times, role_problem
from bot.config import Secret, Settings
from bot.delivery import delivery_nonce
from bot.health import HealthChecks, HealthServer
from bot.metrics import standard_metrics
from bot.scheduler import FeedScheduler
from bot.services import Services
from bot.storage.coordination import FEED, Coordination
from bot.workers import LeasedFeeds, shards_label
from tests.bot.helpers import test_settings
from tests.newssite.server import NewsSite


def _args(*argv: str) -> object:
    return build_parser().parse_args(["run", *argv])


@pytest.mark.parametrize(("argv", "problem"), [
    ((), None),
    (("--role", "poller"), None),
    (("--role", "gateway", "--shards", "0,1", "--shard-count", "2"), None),
    (("--role", "gateway", "--shards", "2", "--shard-count", "2"), "shard ids must be below --shard-count 2"),
    (("--role", "gateway", "--shards", "0"), "--shards needs --shard-count"),
    (("--role", "poster", "--shards", "0", "--shard-count", "2"), "--shards and --shard-count are for --role gateway"),
])
def test_run_options(argv: tuple[str, ...], problem: str | None) -> None:
    settings = Settings(discord_token=Secret("t"))
    found = role_problem(settings, _args(*argv))  # type: ignore[arg-type]
    assert (found is None) if problem is None else (found is not None and found.startswith(problem)), found


def test_default_run_is_the_single_process(tmp_path: Path) -> None:
    args = _args()
    assert (args.role, args.shards, args.shard_count) == ("all", None, None)  # type: ignore[attr-defined]
    assert lease_times(args).channel == timedelta(seconds=60)  # type: ignore[arg-type]
    assert lease_times(_args("--lease-seconds", "3")).feed == timedelta(seconds=3)  # type: ignore[arg-type]


def test_bad_shard_ids_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["run", "--role", "gateway", "--shards", "zero"])
    assert "shard ids are numbers" in capsys.readouterr().err


def test_gateway_and_poster_need_a_token(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = tmp_path / "test.env"
    env.write_text(f"DATABASE_PATH={tmp_path / 'db.sqlite3'}\nDISCORD_TOKEN=\n", encoding="utf-8")
    assert main(["--env-file", str(env), "run", "--role", "poster"]) == 2
    assert "--role poster needs DISCORD_TOKEN" in capsys.readouterr().err


def test_nonce_fits_discord_and_differs_per_story_and_channel() -> None:
    nonce = delivery_nonce(12, 1_300_000_000_000_000_000)
    assert len(nonce) <= 25 and nonce == delivery_nonce(12, 1_300_000_000_000_000_000)
    assert len({delivery_nonce(s, c) for s in (1, 2) for c in (10, 11)}) == 4
    assert shards_label([0, 1], 4) == "0,1/4" and shards_label(None, None) is None


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    async with open_services(test_settings(tmp_path, HTTP_TIMEOUT_SECONDS="5")) as built:
        yield built


async def test_two_pollers_poll_each_due_feed_once_and_release_it(services: Services, news_site: NewsSite) -> None:
    feeds = services.pipeline.feeds
    for name in ("a", "b", "c", "d"):
        news_site.add_item(name, f"Story {name}", text="Some text about the harbour. " * 10)
        news_site.set_fault(news_site.feed_path(name), "slow", delay=0.3)
        await feeds.add(news_site.feed_url(name))
    pollers = [
        FeedScheduler(services.pipeline, feeds, claims=LeasedFeeds(Coordination(services.db, f"poller-{i}"),
                                                                    timedelta(minutes=3), batch=3))
        for i in range(2)
    ]
    polled = await asyncio.gather(*(p.poll_due() for p in pollers))
    assert sorted(polled) == [1, 3]  # the first took 3 (its batch), the other the remaining one
    assert all(news_site.hits[news_site.feed_path(n)] == 1 for n in "abcd")
    assert await services.db.fetchall("SELECT * FROM leases WHERE kind = ?", (FEED,)) == []  # released
    assert await asyncio.gather(*(p.poll_due() for p in pollers)) == [0, 0]  # next poll times were stored


async def test_healthz_names_the_process_role(tmp_path: Path) -> None:
    async with open_services(test_settings(tmp_path), network=False) as built:
        process = {"role": "poller", "process_id": "poller@host:1:ab", "shards": None}
        async with HealthServer(HealthChecks(built.db), standard_metrics(), process=process) as server:
            async with aiohttp.ClientSession() as session, session.get(server.url + "/healthz") as resp:
                body = json.loads(await resp.text())
    assert resp.status == 200
    assert (body["role"], body["process_id"], body["status"]) == ("poller", "poller@host:1:ab", "ok")
