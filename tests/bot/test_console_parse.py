from __future__ import annotations

import pytest

from bot.console import parse_command


@pytest.mark.parametrize(
    ("line", "name", "options"),
    [
        ("/news latest", "news latest", {}),
        ("/news latest count:3", "news latest", {"count": "3"}),
        ("/news summary article:AES leaders and Russia length:short", "news summary",
         {"article": "AES leaders and Russia", "length": "short"}),
        ("  /News   Quotes speaker:Abdoulaye Diop ", "news quotes", {"speaker": "Abdoulaye Diop"}),
        ("/news search query:\"harbour bridge\" order:best", "news search",
         {"query": "\"harbour bridge\"", "order": "best"}),
        ("help", "help", {}),
        ("/news summary article:Time: the story", "news summary", {"article": "Time: the story"}),
    ],
)
def test_parse_command(line: str, name: str, options: dict[str, str]) -> None:
    assert parse_command(line) == (name, options)
