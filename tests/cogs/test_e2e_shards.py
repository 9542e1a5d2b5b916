"""Two gateway processes' bots, shards 0 and 1 of 2, each answering only its own servers (issue 24).

Both bots run in this process over one store; what is checked is the Discord side: each identifies
with its shard, receives only its guilds, answers commands there, and IDENTIFY is spaced by the
lease in the database (not by a sleep inside one process).
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from pathlib import Path

import pytest

from bot.cli import open_services
from bot.config import settings_from_mapping
from bot.storage.coordination import Coordination
from bot.workers import IdentifyGate
from cogs._roles import ShardedNewsBot
from tests.fakediscord.driver import FakeDiscord
from tests.fakediscord.gateway import shard_of
from tests.fakediscord.state import DEFAULT_EVERYONE, Guild

pytestmark = pytest.mark.e2e

WINDOW = timedelta(seconds=1)


def _guild_on(fake: FakeDiscord, shard_id: int, name: str) -> Guild:
    base = fake.world.ids.next() >> 22
    timestamp = next(t for t in range(base, base + 2) if t % 2 == shard_id)
    guild = fake.add_guild(name, guild_id=(timestamp << 22) | 7, everyone_permissions=DEFAULT_EVERYONE)
    fake.add_channel(guild, "general")
    return guild


async def test_each_gateway_process_answers_its_own_shards_servers(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    fake = fake_discord
    even, odd = _guild_on(fake, 0, "even"), _guild_on(fake, 1, "odd")
    assert (shard_of(even.id, 2), shard_of(odd.id, 2)) == (0, 1)
    settings = settings_from_mapping({
        "DISCORD_TOKEN": "fake-token", "DATABASE_PATH": str(tmp_path / "newsbot.sqlite3"),
        "DISCORD_API_BASE": fake.api_base, "LOG_LEVEL": "INFO",
    })
    async with open_services(settings, network=False) as services:
        bots = []
        for shard in (0, 1):
            gate = IdentifyGate(Coordination(services.db, f"gateway-{shard}"), window=WINDOW, retry_every=0.05)
            bots.append(ShardedNewsBot(
                settings=settings, services=services, start_loops=False, auto_sync=shard == 0,
                shard_ids=[shard], shard_count=2, identify_gate=gate,
            ))
        tasks = [asyncio.create_task(bot.start("fake-token")) for bot in bots]
        try:
            await fake.wait_for_shards([(0, 2), (1, 2)], timeout=15)
            await asyncio.wait_for(asyncio.gather(*(bot.wait_until_ready() for bot in bots)), 15)
            await fake.wait_for_commands(None, timeout=10)
            assert [[g.id for g in bot.guilds] for bot in bots] == [[even.id], [odd.id]]
            # IDENTIFY of the one bucket was spaced by the lease, across the two clients.
            first, second = sorted(fake.gateway.identify_times)
            assert second - first >= WINDOW.total_seconds() - 0.05
            before = dict(fake.gateway.dispatched)
            for guild in (even, odd):
                member = fake.add_member(guild, "reader")
                result = await fake.run_command("news latest", {}, guild=guild, user=member,
                                                channel=next(iter(guild.channels.values())))
                assert result.response_type is not None and (result.content or result.embeds), result
            sent = {k: v - before.get(k, 0) for k, v in fake.gateway.dispatched.items()}
            assert sent[(0, 2)] >= 1 and sent[(1, 2)] >= 1  # each interaction went to its guild's shard only
        finally:
            for bot in bots:
                await asyncio.wait_for(bot.close(), 10)
            for task in tasks:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(task, 10)
