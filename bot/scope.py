"""Scope: which stored articles an answer may show.

A server sees the articles of the feeds it subscribes to, and nothing else: a private or paid feed
one server follows must never surface in another server's answers (search, quotes, related lists,
autocomplete...). Only the operator's offline console reads the whole archive. Services take a
``Scope`` (never a bare ``guild_id`` that could be ``None`` by accident) and repositories receive
the resolved feed ids: ``None`` means the whole archive, an empty list means nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scope:
    """A reader: one server, a direct message (no server: no feeds), or the operator's whole archive."""

    guild_id: int | None
    whole_archive: bool = False

    @classmethod
    def guild(cls, guild_id: int) -> Scope:
        """The scope of one server: the articles of the feeds it subscribes to."""
        return cls(int(guild_id))

    @classmethod
    def direct_message(cls) -> Scope:
        """Outside any server: no feeds, so no stored article (only pages a member links to)."""
        return cls(None)


WHOLE_ARCHIVE = Scope(None, whole_archive=True)
