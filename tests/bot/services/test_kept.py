"""KeptAnswers: one computation per key at a time, shared by the callers that miss while it runs."""

from __future__ import annotations

import asyncio

import pytest

from bot.services import kept
from bot.services.kept import KeptAnswers


class Counted:
    """A computation that waits for ``release`` and counts how often it was started."""

    def __init__(self, answer: object = "answer", error: Exception | None = None) -> None:
        self.started = 0
        self.release = asyncio.Event()
        self.answer = answer
        self.error = error

    async def __call__(self) -> object:
        self.started += 1
        await self.release.wait()
        if self.error is not None:
            raise self.error
        return self.answer


async def test_concurrent_misses_of_one_key_compute_once() -> None:
    answers: KeptAnswers[str, object] = KeptAnswers(60.0)
    compute = Counted(["a", "b"])
    waiters = [asyncio.ensure_future(answers.get("k", compute)) for _ in range(20)]
    await asyncio.sleep(0)
    compute.release.set()
    results = await asyncio.gather(*waiters)
    assert compute.started == 1
    assert all(r == ["a", "b"] for r in results)
    assert await answers.get("k", Counted("other")) == ["a", "b"]  # then kept


async def test_other_keys_compute_on_their_own() -> None:
    answers: KeptAnswers[str, object] = KeptAnswers(60.0)
    first, second = Counted(1), Counted(2)
    a = asyncio.ensure_future(answers.get("a", first))
    b = asyncio.ensure_future(answers.get("b", second))
    await asyncio.sleep(0)
    first.release.set()
    second.release.set()
    assert await asyncio.gather(a, b) == [1, 2]
    assert first.started == second.started == 1


async def test_a_caller_giving_up_does_not_cancel_the_computation_for_the_others() -> None:
    answers: KeptAnswers[str, object] = KeptAnswers(60.0)
    compute = Counted("done")
    impatient = asyncio.ensure_future(answers.get("k", compute))
    patient = asyncio.ensure_future(answers.get("k", compute))
    await asyncio.sleep(0)
    impatient.cancel()
    await asyncio.sleep(0)
    compute.release.set()
    assert await patient == "done"
    assert impatient.cancelled()
    assert compute.started == 1


async def test_an_error_reaches_every_waiter_and_is_not_kept() -> None:
    answers: KeptAnswers[str, object] = KeptAnswers(60.0)
    failing = Counted(error=RuntimeError("database gone"))
    waiters = [asyncio.ensure_future(answers.get("k", failing)) for _ in range(3)]
    await asyncio.sleep(0)
    failing.release.set()
    results = await asyncio.gather(*waiters, return_exceptions=True)
    assert failing.started == 1
    assert all(isinstance(r, RuntimeError) for r in results)
    retry = Counted("recovered")
    retry.release.set()
    assert await answers.get("k", retry) == "recovered"  # the next call computes again
    assert retry.started == 1


async def test_a_stale_answer_is_computed_again_once(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr(kept.time, "monotonic", lambda: clock[0])
    answers: KeptAnswers[str, object] = KeptAnswers(60.0)
    old = Counted("old")
    old.release.set()
    assert await answers.get("k", old) == "old"
    clock[0] += 61.0
    new = Counted("new")
    waiters = [asyncio.ensure_future(answers.get("k", new)) for _ in range(5)]
    await asyncio.sleep(0)
    new.release.set()
    assert await asyncio.gather(*waiters) == ["new"] * 5
    assert new.started == 1
