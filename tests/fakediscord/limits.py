"""Discord's validation rules for message and interaction bodies, with Discord-shaped error bodies.

Limits: https://discord.com/developers/docs/resources/message#embed-object-embed-limits and
https://discord.com/developers/docs/interactions/receiving-and-responding (autocomplete).
Error shape: ``{"code": 50035, "message": "Invalid Form Body", "errors": {...}}`` where each
leaf holds ``{"_errors": [{"code": ..., "message": ...}]}``.
"""

from __future__ import annotations

from typing import Any

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_AUTHOR = 256
MAX_EMBED_TOTAL = 6000
MAX_CHOICES = 25
MAX_CHOICE_NAME = 100
MAX_CHOICE_VALUE = 100
MAX_ACTION_ROWS = 5
MAX_ROW_COMPONENTS = 5
MAX_CUSTOM_ID = 100
MAX_BUTTON_LABEL = 80

INVALID_FORM_BODY = 50035
EMPTY_MESSAGE = 50006

Errors = dict[str, Any]


def _too_long(limit: int) -> dict[str, Any]:
    return {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": f"Must be {limit} or fewer in length."}]}


def _bad_length(low: int, high: int) -> dict[str, Any]:
    return {
        "_errors": [{"code": "BASE_TYPE_BAD_LENGTH", "message": f"Must be between {low} and {high} in length."}]
    }


def _required() -> dict[str, Any]:
    return {"_errors": [{"code": "BASE_TYPE_REQUIRED", "message": "This field is required"}]}


def _check_len(errors: Errors, key: str, value: Any, high: int, *, low: int = 0) -> int:
    """Record an error under ``key`` if ``value`` is out of bounds; return its length."""
    if value is None:
        if low:
            errors[key] = _required()
        return 0
    text = str(value)
    if low and not (low <= len(text) <= high):
        errors[key] = _bad_length(low, high)
    elif len(text) > high:
        errors[key] = _too_long(high)
    return len(text)


def embed_errors(embed: dict[str, Any]) -> tuple[Errors, int]:
    """Validate one embed; return its errors and its character count towards the 6000 total."""
    errors: Errors = {}
    total = _check_len(errors, "title", embed.get("title"), MAX_TITLE)
    total += _check_len(errors, "description", embed.get("description"), MAX_DESCRIPTION)
    footer = embed.get("footer")
    if footer is not None:
        sub: Errors = {}
        total += _check_len(sub, "text", footer.get("text"), MAX_FOOTER, low=1)
        if sub:
            errors["footer"] = sub
    author = embed.get("author")
    if author is not None:
        sub = {}
        total += _check_len(sub, "name", author.get("name"), MAX_AUTHOR, low=1)
        if sub:
            errors["author"] = sub
    fields = embed.get("fields") or []
    if len(fields) > MAX_FIELDS:
        errors["fields"] = _too_long(MAX_FIELDS)
    else:
        field_errors: Errors = {}
        for index, fld in enumerate(fields):
            sub = {}
            total += _check_len(sub, "name", fld.get("name"), MAX_FIELD_NAME, low=1)
            total += _check_len(sub, "value", fld.get("value"), MAX_FIELD_VALUE, low=1)
            if sub:
                field_errors[str(index)] = sub
        if field_errors:
            errors["fields"] = field_errors
    return errors, total


def component_errors(rows: list[dict[str, Any]]) -> Errors:
    """Validate action rows of buttons and selects (counts, custom_id and label lengths)."""
    if len(rows) > MAX_ACTION_ROWS:
        return _too_long(MAX_ACTION_ROWS)
    errors: Errors = {}
    for r_index, row in enumerate(rows):
        children = row.get("components") or []
        if len(children) > MAX_ROW_COMPONENTS:
            errors[str(r_index)] = {"components": _too_long(MAX_ROW_COMPONENTS)}
            continue
        row_errors: Errors = {}
        for c_index, comp in enumerate(children):
            sub: Errors = {}
            if "custom_id" in comp:
                _check_len(sub, "custom_id", comp["custom_id"], MAX_CUSTOM_ID, low=1)
            if comp.get("label") is not None:
                _check_len(sub, "label", comp["label"], MAX_BUTTON_LABEL)
            if sub:
                row_errors[str(c_index)] = sub
        if row_errors:
            errors[str(r_index)] = {"components": row_errors}
    return errors


def message_errors(body: dict[str, Any], *, partial: bool = False) -> Errors:
    """Validate a message create/edit body; ``partial`` is for edits where keys may be absent."""
    errors: Errors = {}
    content = body.get("content")
    if content is not None:
        _check_len(errors, "content", content, MAX_CONTENT)
    embeds = body.get("embeds") or []
    if len(embeds) > MAX_EMBEDS:
        errors["embeds"] = _too_long(MAX_EMBEDS)
    else:
        embed_map: Errors = {}
        total = 0
        for index, embed in enumerate(embeds):
            sub, size = embed_errors(embed)
            total += size
            if sub:
                embed_map[str(index)] = sub
        if embed_map:
            errors["embeds"] = embed_map
        elif total > MAX_EMBED_TOTAL:
            message = f"Embed size exceeds maximum size of {MAX_EMBED_TOTAL}"
            errors["embeds"] = {"_errors": [{"code": "MAX_EMBED_SIZE_EXCEEDED", "message": message}]}
    components = body.get("components") or []
    if components:
        sub = component_errors(components)
        if sub:
            errors["components"] = sub
    return errors


def is_empty_message(body: dict[str, Any]) -> bool:
    """Whether a new message has nothing to show (Discord answers 50006)."""
    return not (
        body.get("content")
        or body.get("embeds")
        or body.get("components")
        or body.get("attachments")
        or body.get("sticker_ids")
        or body.get("poll")
    )


def autocomplete_errors(choices: Any) -> Errors:
    """Validate an autocomplete result's choices (≤ 25, names 1..100, string values ≤ 100)."""
    if not isinstance(choices, list):
        return {"choices": _required()}
    if len(choices) > MAX_CHOICES:
        return {"choices": _too_long(MAX_CHOICES)}
    errors: Errors = {}
    for index, choice in enumerate(choices):
        sub: Errors = {}
        _check_len(sub, "name", choice.get("name"), MAX_CHOICE_NAME, low=1)
        value = choice.get("value")
        if value is None:
            sub["value"] = _required()
        elif isinstance(value, str):
            _check_len(sub, "value", value, MAX_CHOICE_VALUE)
        if sub:
            errors[str(index)] = sub
    return {"choices": errors} if errors else {}


def form_error(errors: Errors) -> dict[str, Any]:
    """The JSON body Discord sends with a 400 for an invalid form."""
    return {"code": INVALID_FORM_BODY, "message": "Invalid Form Body", "errors": errors}
