"""The optional LLM summariser against a fake OpenAI-compatible endpoint on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.llm import LLMSummariser, is_faithful

SEED = Path(__file__).resolve().parents[2] / "bot" / "data" / "samples" / "aes-moscow-summit.txt"
TITLE, _, ARTICLE = SEED.read_text(encoding="utf-8").partition("\n")

FAITHFUL = (
    "The foreign ministers of Mali, Burkina Faso and Niger are in Moscow for a two-day visit to expand "
    "political, economic and security cooperation with Russia."
)


@dataclass
class FakeEndpoint:
    """Route table of the fake endpoint: what the next answer is, and what was asked."""

    mode: str = "ok"
    content: str = FAITHFUL
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    # "slow" answers after 5 s, or as soon as the fixture is torn down (the client gave up long before).
    released: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(await request.json())
        self.headers.append(dict(request.headers))
        if self.mode == "slow":
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.released.wait(), 5)
        if self.mode == "error":
            return web.json_response({"error": {"message": "boom"}}, status=500)
        if self.mode == "not-json":
            return web.Response(text="<html>oops</html>", content_type="text/html")
        if self.mode == "wrong-shape":
            return web.json_response({"choices": []})
        body = {"id": "x", "choices": [{"index": 0, "message": {"role": "assistant", "content": self.content}}]}
        return web.json_response(body)


@pytest.fixture
async def endpoint() -> AsyncIterator[tuple[FakeEndpoint, str]]:
    fake = FakeEndpoint()
    app = web.Application()
    app.router.add_post("/v1/chat/completions", fake.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield fake, f"http://127.0.0.1:{port}/v1"
    finally:
        fake.released.set()
        await runner.cleanup()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


def _summariser(session: aiohttp.ClientSession, base_url: str, **kwargs: Any) -> LLMSummariser:
    return LLMSummariser(session, base_url=base_url, model="tiny-model", **kwargs)


async def test_success_returns_the_summary_and_sends_model_and_key(
    endpoint: tuple[FakeEndpoint, str], session: aiohttp.ClientSession
) -> None:
    fake, base_url = endpoint
    llm = _summariser(session, base_url, api_key="sk-test", timeout=5)
    assert await llm.summarise(TITLE, ARTICLE, "en", "standard") == FAITHFUL
    assert fake.requests[0]["model"] == "tiny-model"
    assert "Moscow" in fake.requests[0]["messages"][-1]["content"]
    assert fake.headers[0]["Authorization"] == "Bearer sk-test"


async def test_no_api_key_sends_no_authorization_header(
    endpoint: tuple[FakeEndpoint, str], session: aiohttp.ClientSession
) -> None:
    fake, base_url = endpoint
    await _summariser(session, base_url).summarise(TITLE, ARTICLE, "en", "short")
    assert "Authorization" not in fake.headers[0]


async def test_timeout_returns_none(
    endpoint: tuple[FakeEndpoint, str], session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    fake, base_url = endpoint
    fake.mode = "slow"
    with caplog.at_level(logging.WARNING, logger="bot.llm"):
        assert await _summariser(session, base_url, timeout=0.2).summarise(TITLE, ARTICLE, "en", "short") is None
    assert "timed out" in caplog.text


@pytest.mark.parametrize(
    ("mode", "reason"), [("error", "HTTP 500"), ("not-json", "malformed"), ("wrong-shape", "malformed")]
)
async def test_bad_answers_return_none(
    endpoint: tuple[FakeEndpoint, str],
    session: aiohttp.ClientSession,
    caplog: pytest.LogCaptureFixture,
    mode: str,
    reason: str,
) -> None:
    fake, base_url = endpoint
    fake.mode = mode
    with caplog.at_level(logging.WARNING, logger="bot.llm"):
        assert await _summariser(session, base_url).summarise(TITLE, ARTICLE, "en", "standard") is None
    assert reason in caplog.text


async def test_unfaithful_output_is_rejected(
    endpoint: tuple[FakeEndpoint, str], session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    fake, base_url = endpoint
    fake.content = "Vladimir Putin welcomed the ministers of Mali, Burkina Faso and Niger in Moscow."
    with caplog.at_level(logging.WARNING, logger="bot.llm"):
        assert await _summariser(session, base_url).summarise(TITLE, ARTICLE, "en", "standard") is None
    assert "unfaithful" in caplog.text
    assert ARTICLE[:40] not in caplog.text  # article bodies are never logged


async def test_unreachable_endpoint_returns_none(session: aiohttp.ClientSession) -> None:
    llm = _summariser(session, "http://127.0.0.1:9/v1", timeout=2)
    assert await llm.summarise(TITLE, ARTICLE, "en", "short") is None


async def test_answer_over_budget_is_cut_to_whole_sentences(
    endpoint: tuple[FakeEndpoint, str], session: aiohttp.ClientSession
) -> None:
    fake, base_url = endpoint
    second = (
        "The three nations formed the Alliance of Sahel States after they left ECOWAS and ended "
        "cooperation with France."
    )
    fake.content = f"{FAITHFUL} {second}"
    assert await _summariser(session, base_url).summarise(TITLE, ARTICLE, "en", "short") == FAITHFUL


FAITHFULNESS = [
    ("faithful paraphrase", FAITHFUL, True),
    ("invented name", "Vladimir Putin met the ministers in Moscow.", False),
    ("invented number", "The ministers began a three-day visit to Moscow in 2023.", False),
    ("number word not in article", "Four ministers went to Moscow.", False),
    ("number from the article", "The alliance was formed in 2024.", True),
    ("accent and case tolerant", "The AES alliance met in MOSCOW.", True),
    ("invented quotation", "Diop said: “We will never leave Moscow.”", False),
    ("quotation from the article", "Diop said they came “to explore how to define partnership relations”.", True),
    ("inflected sentence opener", "Ministers from Mali went to Moscow.", True),
]


@pytest.mark.parametrize(("summary", "expected"), [c[1:] for c in FAITHFULNESS], ids=[c[0] for c in FAITHFULNESS])
def test_is_faithful(summary: str, expected: bool) -> None:
    assert is_faithful(summary, f"{TITLE}\n{ARTICLE}") is expected


FR_ARTICLE = (
    "Le ministre de l'Économie, Bruno Lemaire, a annoncé une hausse de 4,5 % du budget. "
    "« Nous devons investir », a-t-il déclaré à Paris."
)


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("Le ministre de l'economie a annonce une hausse de 4,5 % a Paris.", True),
        ("Le ministre a annoncé une hausse de 5 % du budget.", False),
        ("Selon Bruno Lemaire, « nous devons investir ».", True),
        ("Selon Élisabeth Borne, « nous devons investir ».", False),
    ],
)
def test_is_faithful_french(summary: str, expected: bool) -> None:
    assert is_faithful(summary, FR_ARTICLE) is expected


async def test_repr_hides_the_key(session: aiohttp.ClientSession) -> None:
    llm = LLMSummariser(session, base_url="http://127.0.0.1:1/v1", model="m", api_key="sk-secret")
    assert "sk-secret" not in repr(llm)


async def test_prompt_names_the_language_and_the_full_endpoint_is_kept(
    endpoint: tuple[FakeEndpoint, str], session: aiohttp.ClientSession
) -> None:
    fake, base_url = endpoint
    fake.content = "Le ministre a annoncé une hausse du budget."
    llm = _summariser(session, f"{base_url}/chat/completions/")
    assert await llm.summarise("Budget", FR_ARTICLE, "fr", "long") == fake.content
    assert "French" in fake.requests[0]["messages"][-1]["content"]
