"""Discord-shaped REST errors and request body parsing shared by the route modules."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

# Route name (``"POST /channels/{channel_id}/messages"``) stored on each request by the middleware.
ROUTE_KEY = web.RequestKey("route_key", str)
UPLOADS_KEY = web.RequestKey("uploads", list)

UNKNOWN_CHANNEL = {"message": "Unknown Channel", "code": 10003}
UNKNOWN_GUILD = {"message": "Unknown Guild", "code": 10004}
UNKNOWN_MEMBER = {"message": "Unknown Member", "code": 10007}
UNKNOWN_MESSAGE = {"message": "Unknown Message", "code": 10008}
UNKNOWN_USER = {"message": "Unknown User", "code": 10013}
UNKNOWN_WEBHOOK = {"message": "Unknown Webhook", "code": 10015}
UNKNOWN_INTERACTION = {"message": "Unknown interaction", "code": 10062}
ALREADY_ACKNOWLEDGED = {"message": "Interaction has already been acknowledged.", "code": 40060}
MISSING_PERMISSIONS = {"message": "Missing Permissions", "code": 50013}
MISSING_ACCESS = {"message": "Missing Access", "code": 50001}
NOT_AUTHOR = {"message": "Cannot edit a message authored by another user", "code": 50005}
EMPTY_MESSAGE = {"message": "Cannot send an empty message", "code": 50006}
UNAUTHORIZED = {"message": "401: Unauthorized", "code": 0}


class ApiError(Exception):
    """Raised by handlers; the middleware turns it into a JSON error response."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(f"{status} {body}")
        self.status = status
        self.body = body


async def read_json(request: web.Request) -> Any:
    """Read a JSON body, or the ``payload_json`` part of a multipart upload (files are noted)."""
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        body: dict[str, Any] = json.loads(str(form.get("payload_json", "{}")))
        files = [form[name] for name in form if name.startswith("files[")]
        uploads = [(str(getattr(f, "filename", "file")), f.file.read()) for f in files if hasattr(f, "file")]
        # Keep what was uploaded: the middleware hands it to the world for tests to read.
        request[UPLOADS_KEY] = uploads
        if uploads:
            target = body.get("data", body) if "type" in body and "data" in body else body
            target.setdefault("attachments", [])
            for index, (filename, data) in enumerate(uploads):
                if index >= len(target["attachments"]):
                    target["attachments"].append({"id": str(index)})
                url = f"https://cdn.discordapp.com/attachments/0/{index}/{filename}"
                target["attachments"][index].update({"filename": filename, "size": len(data), "url": url,
                                                     "proxy_url": url})
        return body
    if not request.can_read_body:
        return {}
    text = await request.text()
    if not text:
        return {}
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ApiError(400, {"message": "400: Bad Request", "code": 50109}) from exc


def snowflake(value: str, missing: dict[str, Any]) -> int:
    """Parse a path snowflake, answering 404 with ``missing`` (Discord does so for bad ids)."""
    try:
        return int(value)
    except ValueError:
        raise ApiError(404, missing) from None


def json_response(data: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """A JSON answer whose Content-Type is exactly ``application/json``, as discord.py requires."""
    return web.Response(body=json.dumps(data).encode(), status=status, headers=headers,
                        content_type="application/json")
