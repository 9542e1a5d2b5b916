"""ArticleStore.store with an analysis run ahead (bulk loaders) stores what the inline path stores."""

from __future__ import annotations

from pathlib import Path

from bot.cli import SAMPLES_DIR
from bot.ingest.store import ArticleStore
from bot.ingest.textfile import read_text_article
from bot.models import NewArticle
from bot.nlp.analyze import analyze
from bot.storage.engine import connect


async def _stored(db_path: str | Path, ahead: bool) -> tuple[list[tuple], list[tuple]]:
    async with connect(db_path) as db:
        store = ArticleStore(db)
        for path in sorted(SAMPLES_DIR.glob("*.txt")):
            doc = read_text_article(path.read_bytes(), path.name)
            new = NewArticle(title=doc.title, text=doc.text, canonical_url=f"file:{path.name}")
            prepared = store.analysis_input(new)
            assert prepared is not None
            analysis = analyze(prepared) if ahead else None
            result = await store.store(new, in_thread=False, analysis=analysis)
            assert result.status == "added"
        quotes = [tuple(r) for r in await db.fetchall("SELECT article_id, text FROM quotes ORDER BY id")]
        summaries = [tuple(r) for r in await db.fetchall(
            "SELECT article_id, length, text FROM summaries ORDER BY article_id, length")]
    return quotes, summaries


async def test_analysis_run_ahead_stores_the_same_quotes_and_summaries(tmp_path: Path) -> None:
    inline = await _stored(tmp_path / "inline.sqlite3", ahead=False)
    ahead = await _stored(tmp_path / "ahead.sqlite3", ahead=True)
    assert inline == ahead
    assert inline[0] and inline[1]


async def test_postgresql_stores_the_same_quotes_and_summaries(tmp_path: Path, pg_url: str) -> None:
    assert await _stored(pg_url, ahead=True) == await _stored(tmp_path / "inline.sqlite3", ahead=False)


async def test_analysis_input_rejects_what_store_rejects(tmp_path: Path) -> None:
    async with connect(tmp_path / "r.sqlite3") as db:
        store = ArticleStore(db)
        assert store.analysis_input(NewArticle(title=" ", text="x" * 500)) is None
        # Short items are news (issue 17): a one-line body is kept, a missing body is the title.
        short = store.analysis_input(NewArticle(title="Short", text="one line"))
        assert short is not None and short.text == "one line"
        bare = store.analysis_input(NewArticle(title="Headline alone", text=""))
        assert bare is not None and bare.text == "Headline alone"
        prepared = store.analysis_input(NewArticle(title="  Title ", text="  " + "word " * 100))
        assert prepared is not None and prepared.title == "Title" and not prepared.text.startswith(" ")
