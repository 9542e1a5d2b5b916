"""Same-person decisions for the cross-article speaker directory (pure; storage only executes them).

Storage looks a name up by its key and hands over the stored speakers that share its surname;
these rules say whether the new name is one of them, a fuller form of a lone surname, or someone
new. Two people who share a surname ("Scott Morrison", "Tim Morrison") stay two speakers; a
short form ("Morrison") joins a full name only when exactly one full name fits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

from bot.nlp.speakers import alias_keys, is_org_name, name_tokens, same_person, speaker_key

Decision = Literal["existing", "promote", "new"]


class KnownSpeaker(Protocol):
    """A stored speaker as the directory sees it."""

    @property
    def id(self) -> int: ...  # noqa: D102

    @property
    def name(self) -> str: ...  # noqa: D102

    @property
    def key(self) -> str: ...  # noqa: D102


class SpeakerRules:
    """The name rules storage is given: keys, aliases, organisations and the same-person choice."""

    def key(self, name: str) -> str:
        """Accent-folded lookup key of a name (its lower-cased form when it has no name tokens)."""
        return speaker_key(name) or name.strip().lower()

    def surname(self, name: str) -> str:
        """Key of the last name (the whole key for a one-word name)."""
        tokens = name_tokens(name)
        return tokens[-1] if tokens else self.key(name)

    def aliases(self, name: str) -> list[str]:
        """Lookup keys of a name: full key, surname, first + last."""
        return sorted(alias_keys(name))

    def is_org(self, name: str) -> bool:
        """True for an organisation's name."""
        return is_org_name(name)

    def choose(self, name: str, same_surname: Sequence[KnownSpeaker]) -> tuple[Decision, int | None]:
        """Which stored speaker ``name`` is, among the people (not organisations) sharing its surname.

        ("existing", id): the one full name that fits ("Diop" -> "Abdoulaye Diop", "Timothy
        Morrison" -> "Tim Morrison"). ("promote", id): a lone surname stored before the full name was
        known, now named in full. ("new", None): nobody, or more than one fits.
        """
        tokens = name_tokens(name)
        full = [c for c in same_surname if " " in c.key and same_person(c.name, name)]
        if len(tokens) <= 1:
            return ("existing", full[0].id) if len(full) == 1 else ("new", None)
        if len(full) == 1:
            return "existing", full[0].id
        short = [c for c in same_surname if " " not in c.key]
        others = [c for c in same_surname if " " in c.key]
        if len(short) == 1 and not others:
            return "promote", short[0].id
        return "new", None


SPEAKER_RULES = SpeakerRules()
