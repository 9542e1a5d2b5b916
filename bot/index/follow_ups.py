"""Follow-ups as the related index records them: related-list neighbours sharing verbatim passages.

The related index (migration 0003) keeps, per article, its precomputed related list and a sketch of
its 5-word shingles. A *follow-up* of a story is an article of another story that sits in the list
of one of the story's articles (or has one in its own list) and shares at least
``fingerprint.FOLLOW_UP_MIN_SHARED`` estimated shingles with it: several sentences copied verbatim,
without being a duplicate (a duplicate joins the story itself). Reads are bounded by the list size.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Collection

from bot.nlp import fingerprint
from bot.storage.engine import Engine

MAX_MEMBERS = 50  # articles of a story whose lists are read for the timeline


def _sketch(data: bytes | None) -> list[int]:
    values = array("I")
    values.frombytes(data or b"")
    return list(values)


def _linked(mine: bytes | None, others: list[tuple[int, int, bytes | None]]) -> list[tuple[int, int]]:
    """(article id, story id) of ``others`` sharing a follow-up's worth of shingles with ``mine``."""
    if not mine or not others:
        return []
    shared = fingerprint.estimate_shared_many([s or b"" for _, _, s in others], _sketch(mine))
    return [
        (other_id, story_id)
        for (other_id, story_id, _), common in zip(others, shared, strict=True)
        if common >= fingerprint.FOLLOW_UP_MIN_SHARED
    ]


def follow_up_links_sync(conn: sqlite3.Connection, article_id: int) -> list[tuple[int, int]]:
    """(article id, story id) of the articles ``article_id`` follows up, from its own related list.

    Runs on the database thread right after the article was indexed (inside its write).
    """
    row = conn.execute(
        "SELECT l.items, v.sketch, COALESCE(a.story_id, a.id) FROM articles a"
        " LEFT JOIN related_lists l ON l.article_id = a.id LEFT JOIN related_vectors v ON v.article_id = a.id"
        " WHERE a.id = ?",
        (article_id,),
    ).fetchone()
    if row is None or not row[0] or not row[1]:
        return []
    ids = [int(i) for i, _ in json.loads(row[0])]
    if not ids:
        return []
    rows = conn.execute(
        "SELECT a.id, COALESCE(a.story_id, a.id), v.sketch FROM articles a JOIN related_vectors v"
        " ON v.article_id = a.id WHERE a.id IN (SELECT value FROM json_each(?))",
        (json.dumps(ids),),
    ).fetchall()
    own_story = int(row[2])
    others = [(int(r[0]), int(r[1]), r[2]) for r in rows if int(r[1]) != own_story]
    return _linked(row[1], others)


class FollowUpIndex:
    """Follow-ups of a story, for its timeline."""

    def __init__(self, db: Engine) -> None:
        self._db = db

    async def follow_up_stories(self, story_id: int, *, exclude: Collection[int] = ()) -> set[int]:
        """Stories that follow this one up (one hop, both directions of the related lists)."""
        members = await self._db.fetchall(
            "SELECT a.id, l.items, v.sketch FROM articles a LEFT JOIN related_lists l ON l.article_id = a.id"
            " LEFT JOIN related_vectors v ON v.article_id = a.id WHERE a.story_id = ?"
            " ORDER BY a.id LIMIT ?",
            (story_id, MAX_MEMBERS),
        )
        # A follow-up stored later enters an older member's list when it ranks there (the follow-up
        # bonus helps it in); a member's own list holds the older stories it follows up.
        listed: set[int] = set()
        for member in members:
            listed.update(int(i) for i, _ in json.loads(member["items"] or "[]"))
        if not listed:
            return set()
        rows = await self._db.fetchall(
            "SELECT a.id, COALESCE(a.story_id, a.id) AS story_id, v.sketch FROM articles a"
            " JOIN related_vectors v ON v.article_id = a.id WHERE a.id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(listed)),),
        )
        others = [(int(r["id"]), int(r["story_id"]), r["sketch"]) for r in rows]
        others = [o for o in others if o[1] != story_id and o[1] not in exclude]
        found: set[int] = set()
        for member in members:
            found.update(story for _, story in _linked(member["sketch"], others))
        return found
