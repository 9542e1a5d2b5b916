"""Forum channels, threads and channel webhooks of the fake Discord (REST v10).

Faithful to the documented API where the bot uses it:
- forum channels are ``type 15`` with ``available_tags``; ``POST /channels/{id}/threads`` with a
  ``message`` creates a forum post whose thread id equals its starter message's id; at most 5
  ``applied_tags``, each one of the forum's tags (https://discord.com/developers/docs/resources/channel#start-thread-in-forum-or-media-channel);
- ``POST /channels/{id}/messages/{id}/threads`` opens a thread on a message (thread id = message id;
  a second one answers 400 code 160004) and needs Create Public Threads;
- thread names are 1-100 characters;
- ``POST /channels/{id}/webhooks`` and ``GET`` need Manage Webhooks; names are 1-80 characters and
  may not contain "clyde" or "discord"; ``POST /webhooks/{id}/{token}`` (no bot token) takes
  ``username``/``avatar_url``, needs ``thread_name`` or ``thread_id`` in a forum, answers the message
  with ``?wait=true`` and 204 otherwise; a deleted webhook answers 404 code 10015 Unknown Webhook
  (https://discord.com/developers/docs/resources/webhook).
Messages in a thread need Send Messages in Threads; permissions of a thread are its parent's.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.fakediscord.errors import ApiError, json_response, read_json, snowflake
from tests.fakediscord.state import (
    CREATE_PUBLIC_THREADS,
    FORUM_CHANNEL,
    MANAGE_WEBHOOKS,
    PUBLIC_THREAD,
    SEND_MESSAGES,
    VIEW_CHANNEL,
    Channel,
    Message,
    User,
)

if TYPE_CHECKING:
    from tests.fakediscord.server import RestApi

MAX_APPLIED_TAGS = 5
UNKNOWN_WEBHOOK = {"message": "Unknown Webhook", "code": 10015}
THREAD_ALREADY_CREATED = {"message": "A thread has already been created for this message", "code": 160004}
FORUM_NEEDS_THREAD = {"message": "Webhooks posted to forum channels must have a thread_name or thread_id",
                      "code": 220001}


@dataclass
class Webhook:
    """A channel webhook the bot created."""

    id: int
    token: str
    guild_id: int
    channel_id: int
    name: str
    creator: User

    def to_payload(self) -> dict[str, Any]:
        return {"id": str(self.id), "type": 1, "guild_id": str(self.guild_id), "channel_id": str(self.channel_id),
                "name": self.name, "avatar": None, "token": self.token, "application_id": None,
                "user": self.creator.to_payload()}


def _form_error(field: str, code: str, message: str) -> dict[str, Any]:
    return {"message": "Invalid Form Body", "code": 50035,
            "errors": {field: {"_errors": [{"code": code, "message": message}]}}}


def _check_name(field: str, name: Any, limit: int) -> None:
    if not isinstance(name, str) or not 1 <= len(name) <= limit:
        raise ApiError(400, _form_error(field, "BASE_TYPE_BAD_LENGTH", f"Must be between 1 and {limit} in length."))


def _check_webhook_name(field: str, name: Any) -> None:
    _check_name(field, name, 80)
    if any(word in name.lower() for word in ("clyde", "discord")):
        raise ApiError(400, _form_error(field, "USERNAME_INVALID_CONTAINS", "Username cannot contain clyde or discord"))


class ThreadRoutes:
    """Forum posts, threads on messages, active threads and webhooks."""

    def __init__(self, api: RestApi) -> None:
        self.api = api
        self.world = api.world
        self.webhooks: dict[int, Webhook] = {}

    # -- threads ----------------------------------------------------------------------------

    def _thread(self, parent: Channel, thread_id: int, name: str, tags: list[int]) -> Channel:
        thread = Channel(thread_id, parent.guild_id, name, PUBLIC_THREAD, overwrites=parent.overwrites)
        thread.parent_id = parent.id
        thread.applied_tags = tags
        thread.owner_id = self.world.bot_user.id
        self.world.channels[thread.id] = thread
        return thread

    async def start_forum_post(self, request: web.Request) -> web.Response:
        forum = self.api.channel(request)
        body = await read_json(request)
        if forum.type != FORUM_CHANNEL:
            raise ApiError(400, {"message": "Cannot execute action on this channel type", "code": 50024})
        self.api.require(forum, VIEW_CHANNEL | SEND_MESSAGES)
        _check_name("name", body.get("name"), 100)
        tags = [int(t) for t in body.get("applied_tags") or []]
        known = {int(t["id"]) for t in forum.available_tags}
        if len(tags) > MAX_APPLIED_TAGS or any(t not in known for t in tags):
            raise ApiError(400, _form_error("applied_tags", "BASE_TYPE_BAD_TAG", "Invalid forum tag(s)."))
        message_body = body.get("message") or {}
        self.api.validate_message(request, message_body)
        message_id = self.world.ids.next()
        thread = self._thread(forum, message_id, body["name"], tags)
        message = Message(message_id, thread.id, forum.guild_id, self.world.bot_user,
                          content=message_body.get("content") or "", embeds=message_body.get("embeds") or [])
        self.world.add_message(message)
        await self.world.emit("THREAD_CREATE", {**thread.to_payload(), "newly_created": True})
        await self.world.emit("MESSAGE_CREATE", message.to_payload())
        return json_response({**thread.to_payload(), "message": message.to_payload()}, status=201)

    async def start_thread_on_message(self, request: web.Request) -> web.Response:
        channel = self.api.channel(request)
        message = self.api.message(request, channel)
        body = await read_json(request)
        self.api.require(channel, VIEW_CHANNEL | CREATE_PUBLIC_THREADS)
        _check_name("name", body.get("name"), 100)
        if message.id in self.world.channels:
            raise ApiError(400, THREAD_ALREADY_CREATED)
        thread = self._thread(channel, message.id, body["name"], [])
        await self.world.emit("THREAD_CREATE", {**thread.to_payload(), "newly_created": True})
        self.world.notify()
        return json_response(thread.to_payload(), status=201)

    async def active_threads(self, request: web.Request) -> web.Response:
        guild = self.api.guild(request)
        threads = [c for c in self.world.channels.values() if c.guild_id == guild.id and c.type == PUBLIC_THREAD]
        return json_response({"threads": [t.to_payload() for t in threads], "members": []})

    # -- webhooks ---------------------------------------------------------------------------

    async def create_webhook(self, request: web.Request) -> web.Response:
        channel = self.api.channel(request)
        self.api.require(channel, VIEW_CHANNEL | MANAGE_WEBHOOKS)
        body = await read_json(request)
        _check_webhook_name("name", body.get("name"))
        hook = Webhook(self.world.ids.next(), secrets.token_urlsafe(24), channel.guild_id, channel.id, body["name"],
                       self.world.bot_user)
        self.webhooks[hook.id] = hook
        self.world.notify()
        return json_response(hook.to_payload())

    async def channel_webhooks(self, request: web.Request) -> web.Response:
        channel = self.api.channel(request)
        self.api.require(channel, VIEW_CHANNEL | MANAGE_WEBHOOKS)
        return json_response([h.to_payload() for h in self.webhooks.values() if h.channel_id == channel.id])

    def delete(self, webhook_id: int) -> None:
        """Delete a webhook (as a moderator would in the channel's settings)."""
        del self.webhooks[webhook_id]

    async def execute_webhook(self, request: web.Request) -> web.StreamResponse:
        hook = self.webhooks.get(snowflake(request.match_info["webhook_id"], UNKNOWN_WEBHOOK))
        if hook is None or hook.token != request.match_info["webhook_token"]:
            raise ApiError(404, UNKNOWN_WEBHOOK)
        body = await read_json(request)
        if body.get("username") is not None:
            _check_webhook_name("username", body["username"])
        self.api.validate_message(request, body)
        channel = self.world.channels.get(hook.channel_id)
        if channel is None:
            raise ApiError(404, UNKNOWN_WEBHOOK)
        author = User(hook.id, body.get("username") or hook.name, bot=True)
        target = channel
        new_thread = False
        thread_id = request.query.get("thread_id")
        if channel.type == FORUM_CHANNEL:
            if thread_id:
                target = self.world.channels.get(int(thread_id)) or channel
            elif body.get("thread_name"):
                _check_name("thread_name", body["thread_name"], 100)
                message_id = self.world.ids.next()
                target = self._thread(channel, message_id, body["thread_name"], [])
                new_thread = True
                await self.world.emit("THREAD_CREATE", {**target.to_payload(), "newly_created": True})
            else:
                raise ApiError(400, FORUM_NEEDS_THREAD)
        elif thread_id:
            target = self.world.channels.get(int(thread_id)) or channel
        # A forum post's starter message shares its thread's id.
        message_id = target.id if new_thread else self.world.ids.next()
        message = Message(message_id, target.id, channel.guild_id, author, content=body.get("content") or "",
                          embeds=body.get("embeds") or [], webhook_id=hook.id, avatar_url=body.get("avatar_url"))
        self.world.add_message(message)
        await self.world.emit("MESSAGE_CREATE", message.to_payload())
        if request.query.get("wait") in ("true", "1", "True"):
            return json_response(message.to_payload())
        return web.Response(status=204)

    async def attachment(self, request: web.Request) -> web.Response:
        """The CDN: a file a test attached to a command option."""
        found = self.world.uploads.get(int(request.match_info["attachment_id"]))
        if found is None:
            return web.Response(status=404)
        return web.Response(body=found[1], content_type="application/octet-stream")

    def add_routes(self, app: web.Application, prefix: str) -> None:
        r = app.router
        r.add_get("/attachments/{attachment_id}/{filename}", self.attachment)
        r.add_post(prefix + "/channels/{channel_id}/threads", self.start_forum_post)
        r.add_post(prefix + "/channels/{channel_id}/messages/{message_id}/threads", self.start_thread_on_message)
        r.add_get(prefix + "/guilds/{guild_id}/threads/active", self.active_threads)
        r.add_post(prefix + "/channels/{channel_id}/webhooks", self.create_webhook)
        r.add_get(prefix + "/channels/{channel_id}/webhooks", self.channel_webhooks)
        # POST /webhooks/{id}/{token} is shared with interaction follow-ups: the interactions routes
        # hand requests for a channel webhook's id to ``execute_webhook``.
        self.api.interactions.channel_webhook = self.execute_webhook


def forum_tag(world: Any, name: str) -> dict[str, Any]:
    """A forum tag payload (``available_tags`` entry)."""
    return {"id": str(world.ids.next()), "name": name, "moderated": False, "emoji_id": None, "emoji_name": None}

