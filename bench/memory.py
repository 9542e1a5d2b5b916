"""Peak RSS of a bot-like process: discord.py and the cogs loaded, services open, command mix run.

Run as ``python -m bench.memory ARCHIVE NOW_ISO`` in a fresh interpreter; prints one JSON line.
The parent (``bench.__main__``) starts it with ``subprocess`` so nothing else inflates the peak.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import random
import resource
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


async def _load_cogs(services: Any) -> tuple[list[str], Any]:
    """Build the real NewsBot (no login, no loops) and load every extension; else just import them."""
    loaded: list[str] = []
    try:
        from cogs import EXTENSIONS
    except ImportError:
        return loaded, None
    try:
        from cogs._bot import NewsBot

        bot = NewsBot(settings=services.settings, services=services, start_loops=False, auto_sync=False)
        for ext in EXTENSIONS:
            await bot.load_extension(ext)
            loaded.append(ext)
        return loaded, bot
    except Exception as exc:  # fall back to importing the modules: their code still counts
        print(f"memory: NewsBot could not load extensions ({exc!r}); importing modules", file=sys.stderr)
        for ext in EXTENSIONS:
            if ext not in loaded:
                importlib.import_module(ext)
                loaded.append(ext)
        return loaded, None


async def measure(archive: str, now: datetime, rounds: int = 3) -> dict[str, Any]:
    """Open services, load the handlers, run the command mix ``rounds`` times; return memory figures."""
    import discord  # noqa: F401  (counts, as in the bot)

    from bench.archive import open_archive
    from bench.latency import burst, commands, gather_fixtures
    from bench.terms import pick_terms

    baseline = _status_kb("VmRSS")
    async with open_archive(archive) as services:
        loaded, bot = await _load_cogs(services)
        fx = await gather_fixtures(services, now, pick_terms(archive))
        cmds = commands(services, fx)
        rng = random.Random(5)
        for _ in range(rounds):
            for cmd in cmds.values():
                for _ in range(10):
                    try:
                        await cmd(rng)
                    except Exception:  # errors are measured by the latency run, not here
                        pass
            await burst(cmds, rounds=1)
        if bot is not None:
            await bot.close()
        return {
            "vmhwm_kb": _status_kb("VmHWM"),
            "vmrss_kb": _status_kb("VmRSS"),
            "ru_maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "start_rss_kb": baseline,
            "cogs": loaded,
        }


def run_subprocess(archive: str, now: datetime) -> dict[str, Any]:
    """Measure in a fresh interpreter; return its JSON report (or an error entry)."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench.memory", archive, now.isoformat()],
        capture_output=True, text=True, timeout=1800, cwd=Path(__file__).resolve().parent.parent,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1][:200]}
    return json.loads(lines[-1])


if __name__ == "__main__":
    print(json.dumps(asyncio.run(measure(sys.argv[1], datetime.fromisoformat(sys.argv[2])))))
