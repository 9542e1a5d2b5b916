"""The fake Discord REST API v10 (aiohttp, 127.0.0.1 only): middleware, users, channels, guilds."""

from __future__ import annotations

import asyncio
import collections
import time
from typing import Any

from aiohttp import web

from tests.fakediscord import errors as e
from tests.fakediscord.commands_api import CommandRoutes
from tests.fakediscord.dm_api import DmRoutes
from tests.fakediscord.errors import ROUTE_KEY, UPLOADS_KEY, ApiError, json_response, read_json, snowflake
from tests.fakediscord.faults import FaultInjector, FaultReply, RateLimitEnforcer
from tests.fakediscord.gateway import Gateway
from tests.fakediscord.interactions_api import InteractionRoutes
from tests.fakediscord.limits import form_error, is_empty_message, message_errors
from tests.fakediscord.state import (
    DM_CHANNEL,
    EMBED_LINKS,
    MANAGE_MESSAGES,
    PUBLIC_THREAD,
    SEND_MESSAGES,
    SEND_MESSAGES_IN_THREADS,
    VIEW_CHANNEL,
    Channel,
    Message,
)
from tests.fakediscord.threads_api import ThreadRoutes
from tests.fakediscord.world import RequestRecord, World

API_PREFIX = "/api/v10"
# Routes a bot calls without its token (interaction webhooks), as on Discord.
TOKENLESS = ("POST /interactions/", "/webhooks/", "GET /attachments/")
# Discord returns the existing message for a repeated nonce "within the past few minutes".
NONCE_WINDOW_SECONDS = 300.0
MAX_NONCE_LENGTH = 25


def route_key(request: web.Request) -> str:
    """Name the request like discord.py's ``Route.key`` (``METHOD /path/{param}``)."""
    info = request.match_info
    resource = info.route.resource
    path = request.path if resource is None or "{tail}" in resource.canonical else resource.canonical
    if path.startswith(API_PREFIX):
        path = path[len(API_PREFIX):]
    for param in ("message_id", "user_id"):
        if info.get(param) == "@original" or info.get(param) == "@me":
            path = path.replace("{" + param + "}", info[param])
    return f"{request.method} {path}"


def major_parameter(request: web.Request) -> str:
    info = request.match_info
    return "+".join(info[k] for k in ("channel_id", "guild_id", "webhook_id", "webhook_token") if k in info)


class RestApi:
    """Route handlers plus the middleware that counts, injects faults and enforces limits."""

    def __init__(self, world: World, gateway: Gateway) -> None:
        self.world = world
        self.gateway = gateway
        self.faults = FaultInjector()
        self.enforcer: RateLimitEnforcer | None = None
        self.counts: collections.Counter[str] = collections.Counter()
        self.injected_429s = 0
        self.token: str | None = None
        self.interactions = InteractionRoutes(world)
        self.commands = CommandRoutes(world)
        self.threads = ThreadRoutes(self)
        self.dms = DmRoutes(self)
        # Routes whose next successful request is carried out and then never answered (the client
        # sees a hang: a crash between Discord's acceptance and the bot recording it).
        self.hang_after_accept: set[str] = set()
        self.hung = asyncio.Event()
        self.hung_paths: list[str] = []  # the requests carried out and never answered
        # Requests under the bot's global limit per wall-clock second: every request made with the
        # bot token. Interaction responses and webhook executions (tokenless) are not bound to it.
        self.per_second: collections.Counter[int] = collections.Counter()
        # (channel id, author id, nonce) -> (message id, when): Discord's enforce_nonce memory.
        self.nonces: dict[tuple[int, int, str], tuple[int, float]] = {}
        self.nonce_replays = 0
        self.recommended_shards = 1  # GET /gateway/bot's "shards"

    # -- middleware ------------------------------------------------------------------------

    @web.middleware
    async def middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path == "/gateway":
            return await handler(request)
        key = route_key(request)
        request[ROUTE_KEY] = key
        record = RequestRecord(request.method, key, request.path)
        self.world.requests.append(record)
        self.counts[key] += 1
        if not any(marker in key for marker in TOKENLESS):
            self.per_second[int(time.time())] += 1
        response = await self._answer(request, handler, key)
        self.world.sent_files.extend(request.get(UPLOADS_KEY, []))
        record.status = response.status
        return response

    async def _answer(self, request: web.Request, handler: Any, key: str) -> web.StreamResponse:
        if not any(marker in key for marker in TOKENLESS):
            auth = request.headers.get("Authorization", "")
            if not auth.startswith("Bot ") or (self.token is not None and auth != f"Bot {self.token}"):
                return json_response(e.UNAUTHORIZED, status=401)
        reply = self.faults.take(key)
        if reply is not None and reply.status == 429:
            self.injected_429s += 1
        headers: dict[str, str] = {}
        if reply is None and self.enforcer is not None:
            reply, headers = self.enforcer.check(key, major_parameter(request))
        if reply is not None:
            return _reply(reply)
        try:
            response = await handler(request)
        except ApiError as exc:
            response = json_response(exc.body, status=exc.status)
        if key in self.hang_after_accept and response.status < 300:
            self.hang_after_accept.discard(key)
            self.hung_paths.append(request.path)
            self.hung.set()
            await asyncio.sleep(3600)  # cancelled when the client goes away
        response.headers.update(headers)
        return response

    @property
    def sent_429s(self) -> int:
        """All 429s answered: injected ones plus those of the rate-limit enforcer."""
        enforced = self.enforcer.global_429s + self.enforcer.route_429s if self.enforcer else 0
        return self.injected_429s + enforced

    # -- helpers -----------------------------------------------------------------------------

    def channel(self, request: web.Request) -> Channel:
        channel_id = snowflake(request.match_info["channel_id"], e.UNKNOWN_CHANNEL)
        channel = self.world.channels.get(channel_id)
        if channel is None:
            raise ApiError(404, e.UNKNOWN_CHANNEL)
        return channel

    def message(self, request: web.Request, channel: Channel) -> Message:
        message_id = snowflake(request.match_info["message_id"], e.UNKNOWN_MESSAGE)
        message = self.world.messages.get(message_id)
        if message is None or message.channel_id != channel.id:
            raise ApiError(404, e.UNKNOWN_MESSAGE)
        return message

    def require(self, channel: Channel, bits: int) -> None:
        if channel.type == DM_CHANNEL:  # no guild permissions in a DM; the recipient may refuse DMs
            self.dms.check_send(channel)
            return
        if self.world.bot_permissions_in(channel) & bits != bits:
            raise ApiError(403, e.MISSING_PERMISSIONS)

    def validate_message(self, request: web.Request, body: dict[str, Any], *, partial: bool = False) -> None:
        errors = message_errors(body, partial=partial)
        if errors:
            payload = form_error(errors)
            self.world.violate(request[ROUTE_KEY], 400, payload["code"], errors)
            raise ApiError(400, payload)
        if not partial and is_empty_message(body):
            self.world.violate(request[ROUTE_KEY], 400, e.EMPTY_MESSAGE["code"], "empty message")
            raise ApiError(400, e.EMPTY_MESSAGE)

    # -- handlers: bootstrap ----------------------------------------------------------------

    async def gateway_bot(self, request: web.Request) -> web.Response:
        return json_response({
            "url": self.gateway.url, "shards": self.recommended_shards,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 14400000,
                                    "max_concurrency": 1}})

    async def gateway_plain(self, request: web.Request) -> web.Response:
        return json_response({"url": self.gateway.url})

    async def me(self, request: web.Request) -> web.Response:
        user = self.world.bot_user.to_payload()
        user.update({"verified": True, "mfa_enabled": False, "flags": 0, "email": None, "locale": "en-US"})
        return json_response(user)

    async def user(self, request: web.Request) -> web.Response:
        user = self.world.users.get(snowflake(request.match_info["user_id"], e.UNKNOWN_USER))
        if user is None:
            raise ApiError(404, e.UNKNOWN_USER)
        return json_response(user.to_payload())

    async def application(self, request: web.Request) -> web.Response:
        world = self.world
        return json_response({
            "id": str(world.application_id), "name": world.bot_user.username, "icon": None,
            "description": "", "summary": "", "type": None, "bot_public": False,
            "bot_require_code_grant": False, "verify_key": "0" * 64, "flags": 0, "tags": [],
            "owner": world.owner.to_payload(), "team": None, "bot": world.bot_user.to_payload(),
            "interactions_endpoint_url": None, "redirect_uris": [], "approximate_guild_count": len(world.guilds),
            "integration_types_config": {"0": {}}})

    # -- handlers: channels and messages ----------------------------------------------------

    async def get_channel(self, request: web.Request) -> web.Response:
        channel = self.channel(request)
        self.require(channel, VIEW_CHANNEL)
        return json_response(channel.to_payload())

    async def create_message(self, request: web.Request) -> web.Response:
        channel = self.channel(request)
        body = await read_json(request)
        send = SEND_MESSAGES_IN_THREADS if channel.type == PUBLIC_THREAD else SEND_MESSAGES
        self.require(channel, VIEW_CHANNEL | send | (EMBED_LINKS if body.get("embeds") else 0))
        self.validate_message(request, body)
        nonce = self._nonce(request, body)
        world = self.world
        if nonce is not None and body.get("enforce_nonce") is True:
            # Documented: a repeated nonce from the same author within a few minutes returns the
            # message already created, and creates nothing.
            seen = self.nonces.get((channel.id, world.bot_user.id, nonce))
            if seen is not None and time.monotonic() - seen[1] <= NONCE_WINDOW_SECONDS:
                existing = world.messages.get(seen[0])
                if existing is not None and not existing.deleted:
                    self.nonce_replays += 1
                    return json_response({**existing.to_payload(), "nonce": nonce})
        message = Message(world.ids.next(), channel.id, channel.guild_id or None, world.bot_user,
                          content=body.get("content") or "", embeds=body.get("embeds") or [],
                          components=body.get("components") or [], attachments=body.get("attachments") or [],
                          flags=int(body.get("flags") or 0) & (1 << 2 | 1 << 12))
        world.add_message(message)
        if nonce is not None:
            self.nonces[(channel.id, world.bot_user.id, nonce)] = (message.id, time.monotonic())
        payload = message.to_payload() | ({"nonce": nonce} if nonce is not None else {})
        await world.emit("MESSAGE_CREATE", payload)
        return json_response(payload)

    def _nonce(self, request: web.Request, body: dict[str, Any]) -> str | None:
        """The message's nonce (integer or string of at most 25 characters), else a 400 form error."""
        raw = body.get("nonce")
        if raw is None:
            return None
        nonce = str(raw)
        if isinstance(raw, bool) or not isinstance(raw, int | str) or len(nonce) > MAX_NONCE_LENGTH:
            errors = {"nonce": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH",
                                             "message": "Must be 25 or fewer in length."}]}}
            payload = form_error(errors)
            self.world.violate(request[ROUTE_KEY], 400, payload["code"], errors)
            raise ApiError(400, payload)
        return nonce

    async def list_messages(self, request: web.Request) -> web.Response:
        channel = self.channel(request)
        self.require(channel, VIEW_CHANNEL)
        limit = max(1, min(int(request.query.get("limit", 50)), 100))
        newest_first = list(reversed(channel.messages))
        if "before" in request.query:
            newest_first = [m for m in newest_first if m.id < int(request.query["before"])]
        if "after" in request.query:
            after = [m for m in channel.messages if m.id > int(request.query["after"])][:limit]
            newest_first = list(reversed(after))
        return json_response([m.to_payload() for m in newest_first[:limit]])

    async def get_message(self, request: web.Request) -> web.Response:
        channel = self.channel(request)
        self.require(channel, VIEW_CHANNEL)
        return json_response(self.message(request, channel).to_payload())

    async def edit_message(self, request: web.Request) -> web.Response:
        channel = self.channel(request)
        message = self.message(request, channel)
        if message.author.id != self.world.bot_user.id:
            raise ApiError(403, e.NOT_AUTHOR)
        body = await read_json(request)
        self.validate_message(request, body, partial=True)
        message.apply_edit(body)
        self.world.notify()
        await self.world.emit("MESSAGE_UPDATE", message.to_payload())
        return json_response(message.to_payload())

    async def delete_message(self, request: web.Request) -> web.Response:
        channel = self.channel(request)
        message = self.message(request, channel)
        if message.author.id != self.world.bot_user.id:
            self.require(channel, MANAGE_MESSAGES)
        self.world.delete_message(message)
        await self.world.emit("MESSAGE_DELETE", {"id": str(message.id), "channel_id": str(channel.id),
                                                 "guild_id": str(channel.guild_id)})
        return web.Response(status=204)

    # -- handlers: guilds -------------------------------------------------------------------

    def guild(self, request: web.Request) -> Any:
        guild = self.world.guilds.get(snowflake(request.match_info["guild_id"], e.UNKNOWN_GUILD))
        if guild is None:
            raise ApiError(404, e.UNKNOWN_GUILD)
        return guild

    async def get_guild(self, request: web.Request) -> web.Response:
        guild = self.guild(request)
        data = guild.to_payload()
        if request.query.get("with_counts") in ("true", "1"):
            data.update({"approximate_member_count": len(guild.members), "approximate_presence_count": 0})
        return json_response(data)

    async def guild_channels(self, request: web.Request) -> web.Response:
        return json_response([c.to_payload() for c in self.guild(request).channels.values()])

    async def guild_roles(self, request: web.Request) -> web.Response:
        return json_response([r.to_payload() for r in self.guild(request).roles.values()])

    async def guild_members(self, request: web.Request) -> web.Response:
        guild = self.guild(request)
        limit = max(1, min(int(request.query.get("limit", 1)), 1000))
        after = int(request.query.get("after", 0))
        members = sorted((m for m in guild.members.values() if m.user.id > after), key=lambda m: m.user.id)
        return json_response([m.to_payload() for m in members[:limit]])

    async def guild_member(self, request: web.Request) -> web.Response:
        guild = self.guild(request)
        raw = request.match_info["user_id"]
        user_id = self.world.bot_user.id if raw == "@me" else snowflake(raw, e.UNKNOWN_MEMBER)
        member = guild.members.get(user_id)
        if member is None:
            raise ApiError(404, e.UNKNOWN_MEMBER)
        return json_response(member.to_payload())

    async def my_guilds(self, request: web.Request) -> web.Response:
        return json_response([{"id": str(g.id), "name": g.name, "icon": None, "owner": False,
                                   "permissions": "0", "features": []} for g in self.world.guilds.values()])

    async def not_found(self, request: web.Request) -> web.Response:
        return json_response({"message": "404: Not Found", "code": 0}, status=404)

    # -- app -------------------------------------------------------------------------------

    def build_app(self) -> web.Application:
        app = web.Application(middlewares=[self.middleware])
        p = API_PREFIX
        r = app.router
        r.add_get("/gateway", self.gateway.handle)
        r.add_get(p + "/gateway/bot", self.gateway_bot)
        r.add_get(p + "/gateway", self.gateway_plain)
        r.add_get(p + "/users/@me", self.me)
        r.add_get(p + "/users/@me/guilds", self.my_guilds)
        r.add_get(p + "/users/{user_id}", self.user)
        r.add_get(p + "/oauth2/applications/@me", self.application)
        r.add_get(p + "/applications/@me", self.application)
        self.commands.add_routes(app, p)
        self.interactions.add_routes(app, p)
        self.threads.add_routes(app, p)
        self.dms.add_routes(app, p)
        r.add_get(p + "/channels/{channel_id}", self.get_channel)
        r.add_get(p + "/channels/{channel_id}/messages", self.list_messages)
        r.add_post(p + "/channels/{channel_id}/messages", self.create_message)
        r.add_get(p + "/channels/{channel_id}/messages/{message_id}", self.get_message)
        r.add_patch(p + "/channels/{channel_id}/messages/{message_id}", self.edit_message)
        r.add_delete(p + "/channels/{channel_id}/messages/{message_id}", self.delete_message)
        r.add_get(p + "/guilds/{guild_id}", self.get_guild)
        r.add_get(p + "/guilds/{guild_id}/channels", self.guild_channels)
        r.add_get(p + "/guilds/{guild_id}/roles", self.guild_roles)
        r.add_get(p + "/guilds/{guild_id}/members", self.guild_members)
        r.add_get(p + "/guilds/{guild_id}/members/{user_id}", self.guild_member)
        r.add_route("*", p + "/{tail:.*}", self.not_found)
        return app


def _reply(reply: FaultReply) -> web.Response:
    if isinstance(reply.body, str):
        return web.Response(text=reply.body, status=reply.status, content_type="text/html",
                            headers=reply.headers)
    return json_response(reply.body, status=reply.status, headers=reply.headers)
