"""One writer at a time for the shared index rows on PostgreSQL (several poller processes).

An ingest batch touches rows every other writer touches too: the corpus-size row of the
vocabulary, the terms' document frequencies, speakers, and the unique URL and body hash of a story
two feeds carry. Row locks taken in the order each batch meets them deadlock between two writers
(found by tests/bot/ingest/test_store_concurrent_pg.py), and a writer blocked on another's
uncommitted article would otherwise store a duplicate's subscribers nowhere. Every such write
transaction takes this transaction-level advisory lock first: the writes queue (they already
queued on the corpus-size row), fetching and analysis stay parallel, and each writer's re-check of
URL and hash sees what the previous writer committed. SQLite has one writer anyway and never
calls this.
"""

from __future__ import annotations

from typing import Any

INDEX_WRITE_LOCK_KEY = 0x6E657778  # "newx"


def lock_index_writes(conn: Any) -> None:
    """Wait for the index write lock; held until the caller's transaction ends (PostgreSQL only)."""
    conn.execute("SELECT pg_advisory_xact_lock(?)", (INDEX_WRITE_LOCK_KEY,))
