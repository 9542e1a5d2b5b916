"""Operator and evaluation subcommands: ``nlp``, ``backup``, ``restore`` (wired into ``bot.cli``)."""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.cli_opml import add_opml_parser, cmd_opml
from bot.config import Settings
from bot.models import NewArticle
from bot.nlp.text import detect_language
from bot.storage.database import Database


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{number}: not JSON ({exc.msg})") from None
            if not isinstance(row, dict) or "id" not in row or "text" not in row:
                raise SystemExit(f"{path}:{number}: expected an object with id and text")
            yield row


def nlp_quotes(in_path: Path, out_path: Path) -> int:
    """Write one line per direct quote: {"id", "quote", "speaker", "kind"}."""
    from bot.nlp.quotes import extract_quotes

    count = 0
    with out_path.open("w", encoding="utf-8") as out:
        for row in _read_jsonl(in_path):
            text = str(row["text"])
            for quote in extract_quotes(text, detect_language(text)):
                if quote.kind != "direct" or quote.partial:
                    continue
                record = {"id": row["id"], "quote": quote.text, "speaker": quote.speaker, "kind": quote.kind}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    return count


def nlp_summarize(in_path: Path, out_path: Path, length: str) -> int:
    """Write {"id", "summary"} per article: the product's summary first, then the rest by priority.

    The evaluation protocol reads sentences in priority order up to a word budget, so the line
    starts with exactly the summary ``/news summary`` shows and continues with the remaining
    sentences ranked by the same scorer.
    """
    from bot.nlp.summarise import rank_sentences, summary_text

    count = 0
    with out_path.open("w", encoding="utf-8") as out:
        for row in _read_jsonl(in_path):
            text, title = str(row["text"]), str(row.get("title") or "")
            sentences = rank_sentences(title, text, detect_language(f"{title}\n{text}"), length)
            out.write(json.dumps({"id": row["id"], "summary": summary_text(sentences)}, ensure_ascii=False) + "\n")
            count += 1
    return count


def _published(row: dict[str, Any]) -> datetime | None:
    """The row's ``date`` (ISO 8601; UTC when it names no zone) as its publication time, when it has one."""
    try:
        when = datetime.fromisoformat(str(row["date"]))
    except (KeyError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


async def nlp_related(in_path: Path, out_path: Path, k: int, *, half_life_hours: float) -> int:
    """Store every input article in a temporary store (full ingest path) and write its related ids."""
    from bot.ingest.store import ArticleStore

    rows = list(_read_jsonl(in_path))
    with tempfile.TemporaryDirectory() as tmp:
        async with Database.connect(Path(tmp) / "related.sqlite3") as db:
            store = ArticleStore(db, related_half_life_hours=half_life_hours)
            article_of: dict[str, int] = {}
            inputs_of: dict[int, list[str]] = {}
            articles = [
                NewArticle(title=str(row.get("title") or row["id"]), text=str(row["text"]),
                           canonical_url=f"eval:{row['id']}", published_at=_published(row))
                for row in rows
            ]
            results = await store.store_many(articles, in_thread=False)
            for row, result in zip(rows, results, strict=True):
                if result.article_id is None:
                    continue
                key = str(row["id"])
                article_of[key] = result.article_id
                inputs_of.setdefault(result.article_id, []).append(key)
            with out_path.open("w", encoding="utf-8") as out:
                for row in rows:
                    key = str(row["id"])
                    related_ids: list[str] = []
                    article_id = article_of.get(key)
                    if article_id is not None:
                        for item in await store.related.related(article_id, k):
                            related_ids.extend(inputs_of.get(item.article_id, [])[:1])
                    out.write(json.dumps({"id": key, "related": related_ids[:k]}) + "\n")
    return len(rows)


async def cmd_nlp(settings: Settings, args: argparse.Namespace) -> int:
    """Evaluation interface: quotes, summarize, related over a JSONL file."""
    in_path, out_path = Path(args.input), Path(args.output)
    if not in_path.is_file():
        print(f"newsbot nlp: no such file {in_path}")
        return 2
    if args.nlp_command == "quotes":
        count = nlp_quotes(in_path, out_path)
    elif args.nlp_command == "summarize":
        count = nlp_summarize(in_path, out_path, args.length)
    else:
        count = await nlp_related(in_path, out_path, args.k, half_life_hours=settings.related_half_life_days * 24.0)
    print(f"wrote {count} lines to {out_path}")
    return 0


async def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    """Copy the live database with SQLite's online backup API."""
    if settings.uses_postgres:
        print("newsbot backup: DATABASE_URL is PostgreSQL; back it up with pg_dump")
        return 2
    target = Path(args.path)
    if target.exists() and not args.force:
        print(f"newsbot backup: {target} exists (use --force to overwrite)")
        return 1
    if not Path(settings.database_path).is_file():
        print(f"newsbot backup: no database at {settings.database_path}")
        return 1
    # Copy next to the target, then rename: --force works over any file and a crash never
    # leaves a half-written backup under the final name.
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    async with Database.connect(settings.database_path, migrate=False) as db:
        await db.backup_to(partial)
        version = await db.schema_version()
    partial.replace(target)
    print(f"backed up {settings.database_path} to {target} (schema version {version})")
    return 0


def _database_in_use(path: Path) -> bool:
    """True when another connection has the database open (a running bot, even idle) or locked."""
    if not path.exists():
        return False
    conn = sqlite3.connect(path, timeout=0.1, isolation_level=None)
    try:
        # In WAL mode an idle connection holds no write lock, so BEGIN EXCLUSIVE alone cannot see a
        # running bot; leaving WAL, however, needs every other connection closed.
        if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
            if conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "wal":
                return True
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


async def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    """Replace the database with a backup; refuses while the database is in use."""
    if settings.uses_postgres:
        print("newsbot restore: DATABASE_URL is PostgreSQL; restore it with pg_restore")
        return 2
    source, target = Path(args.path), Path(settings.database_path)
    if not source.is_file():
        print(f"newsbot restore: no such file {source}")
        return 1
    check = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        print(f"newsbot restore: {source} is not a SQLite database ({exc})")
        return 1
    finally:
        check.close()
    if verdict != "ok":
        print(f"newsbot restore: {source} fails its integrity check ({verdict})")
        return 1
    if _database_in_use(target):
        print(f"newsbot restore: {target} is in use by a running newsbot; stop it first")
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    print(f"restored {target} from {source}")
    return 0


def add_tool_parsers(sub: Any) -> None:
    """Register the nlp, backup and restore subcommands."""
    nlp = sub.add_parser("nlp", help="evaluation interface over JSONL files")
    nlp_sub = nlp.add_subparsers(dest="nlp_command", required=True)
    for name in ("quotes", "summarize", "related"):
        parser = nlp_sub.add_parser(name)
        parser.add_argument("--in", dest="input", required=True)
        parser.add_argument("--out", dest="output", required=True)
        if name == "summarize":
            parser.add_argument("--length", default="standard", choices=("short", "standard", "long"))
        if name == "related":
            parser.add_argument("--k", type=int, default=5)
    backup = sub.add_parser("backup", help="online backup of the database")
    backup.add_argument("path")
    backup.add_argument("--force", action="store_true")
    restore = sub.add_parser("restore", help="restore the database from a backup (bot must be stopped)")
    restore.add_argument("path")

    add_opml_parser(sub)


TOOL_COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], Awaitable[int]]] = {
    "nlp": cmd_nlp,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "opml": cmd_opml,
}
