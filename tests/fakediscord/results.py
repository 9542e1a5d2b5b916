"""What the driver hands back to tests: the final visible answer to an interaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.fakediscord.interactions_api import DEFERRED_MESSAGE, DEFERRED_UPDATE
from tests.fakediscord.state import EPHEMERAL_FLAG, LOADING_FLAG


class NoAnswer(AssertionError):
    """The bot did not give a visible answer in time (Discord shows "The application did not respond")."""


@dataclass
class InteractionResult:
    """The final state of an interaction's answer: the original response and its follow-ups."""

    interaction_id: int
    response_type: int | None
    message: dict[str, Any] | None
    followups: list[dict[str, Any]] = field(default_factory=list)

    @property
    def _visible(self) -> dict[str, Any]:
        if self.message is not None and not int(self.message.get("flags", 0)) & LOADING_FLAG:
            return self.message
        return self.followups[-1] if self.followups else {}

    @property
    def content(self) -> str:
        return self._visible.get("content", "")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self._visible.get("embeds", [])

    @property
    def components(self) -> list[dict[str, Any]]:
        return self._visible.get("components", [])

    @property
    def ephemeral(self) -> bool:
        return bool(int(self._visible.get("flags", 0)) & EPHEMERAL_FLAG)

    @property
    def deferred(self) -> bool:
        return self.response_type in (DEFERRED_MESSAGE, DEFERRED_UPDATE)

    def custom_ids(self) -> list[str]:
        """Every component custom_id on the visible message."""
        return [c["custom_id"] for row in self.components for c in row.get("components", []) if "custom_id" in c]
