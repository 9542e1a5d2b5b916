"""Discord's limits as the fake enforces them: each one just at and just over the edge."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fakediscord.limits import autocomplete_errors, is_empty_message, message_errors


def embed(**fields: Any) -> dict[str, Any]:
    return {"embeds": [fields]}


def fields(count: int, name: str = "n", value: str = "v") -> dict[str, Any]:
    return embed(fields=[{"name": name, "value": value}] * count)


# (body, error path or None when valid)
MESSAGE_CASES = [
    ({"content": "x" * 2000}, None),
    ({"content": "x" * 2001}, ("content",)),
    ({"embeds": [{"description": "d"}] * 10}, None),
    ({"embeds": [{"description": "d"}] * 11}, ("embeds",)),
    (embed(title="t" * 256), None),
    (embed(title="t" * 257), ("embeds", "0", "title")),
    (embed(description="d" * 4096), None),
    (embed(description="d" * 4097), ("embeds", "0", "description")),
    (fields(25), None),
    (fields(26), ("embeds", "0", "fields")),
    (fields(1, name="n" * 256), None),
    (fields(1, name="n" * 257), ("embeds", "0", "fields", "0", "name")),
    (fields(1, name=""), ("embeds", "0", "fields", "0", "name")),
    (fields(1, value="v" * 1024), None),
    (fields(1, value="v" * 1025), ("embeds", "0", "fields", "0", "value")),
    (embed(footer={"text": "f" * 2048}), None),
    (embed(footer={"text": "f" * 2049}), ("embeds", "0", "footer", "text")),
    (embed(author={"name": "a" * 256}), None),
    (embed(author={"name": "a" * 257}), ("embeds", "0", "author", "name")),
    ({"embeds": [{"description": "d" * 4000}, {"description": "d" * 2000}]}, None),
    ({"embeds": [{"description": "d" * 4000}, {"description": "d" * 2001}]}, ("embeds",)),
    ({"embeds": [{"title": "t" * 200, "description": "d" * 4000,
                  "fields": [{"name": "n" * 100, "value": "v" * 1000}] * 2}]}, ("embeds",)),
    ({"components": [{"type": 1, "components": [{"type": 2, "custom_id": "c" * 101, "label": "x"}]}]},
     ("components", "0", "components", "0", "custom_id")),
    ({"components": [{"type": 1, "components": []}] * 6}, ("components",)),
]


@pytest.mark.parametrize(("body", "path"), MESSAGE_CASES)
def test_message_limits(body: dict[str, Any], path: tuple[str, ...] | None) -> None:
    errors = message_errors(body)
    if path is None:
        assert errors == {}
        return
    node: Any = errors
    for key in path:
        node = node[key]
    assert node["_errors"][0]["code"] in {"BASE_TYPE_MAX_LENGTH", "BASE_TYPE_BAD_LENGTH", "MAX_EMBED_SIZE_EXCEEDED"}


def choice(name: str = "n", value: Any = "v") -> dict[str, Any]:
    return {"name": name, "value": value}


@pytest.mark.parametrize(("choices", "path"), [
    ([choice()] * 25, None),
    ([choice()] * 26, ("choices",)),
    ([choice(name="n" * 100, value="v" * 100)], None),
    ([choice(name="n" * 101)], ("choices", "0", "name")),
    ([choice(value="v" * 101)], ("choices", "0", "value")),
    ([choice(name="")], ("choices", "0", "name")),
    ([choice(value=10**9)], None),
])
def test_autocomplete_limits(choices: list[dict[str, Any]], path: tuple[str, ...] | None) -> None:
    errors = autocomplete_errors(choices)
    if path is None:
        assert errors == {}
        return
    node: Any = errors
    for key in path:
        node = node[key]
    assert "_errors" in node


@pytest.mark.parametrize(("body", "empty"), [
    ({}, True), ({"content": ""}, True), ({"content": "x"}, False), ({"embeds": [{"title": "t"}]}, False),
])
def test_empty_message(body: dict[str, Any], empty: bool) -> None:
    assert is_empty_message(body) is empty
