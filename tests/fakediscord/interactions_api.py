"""Interaction callbacks, follow-ups and edits of the original response, with Discord's timing rules.

Rules enforced (and recorded as violations): the initial response must come within
``deadline`` seconds (3 s on Discord) or it is refused with 404 Unknown interaction (10062);
a second initial response gets 400 (40060); follow-ups before any response are 404 Unknown Webhook.
After a deferral (type 5) the first follow-up replaces the "thinking" message, as on Discord.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from tests.fakediscord import errors as e
from tests.fakediscord.errors import ROUTE_KEY, ApiError, json_response, read_json, snowflake
from tests.fakediscord.limits import autocomplete_errors, form_error, is_empty_message, message_errors
from tests.fakediscord.state import EPHEMERAL_FLAG, LOADING_FLAG, Interaction, Message
from tests.fakediscord.world import World

PONG, MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE, AUTOCOMPLETE_RESULT, MODAL = 1, 4, 5, 6, 7, 8, 9
COMMAND, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
ALLOWED_RESPONSES = {
    COMMAND: {MESSAGE, DEFERRED_MESSAGE, MODAL},
    COMPONENT: {MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE, MODAL},
    AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
    MODAL_SUBMIT: {MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE},
}
CHAT_INPUT_MESSAGE_TYPE = 20


class InteractionRoutes:
    """Handlers for /interactions/... and /webhooks/{application_id}/{token}/..."""

    # Executes a channel webhook (``POST /webhooks/{id}/{token}`` where the id is not the application's).
    channel_webhook: Callable[[web.Request], Awaitable[web.StreamResponse]] | None = None

    def __init__(self, world: World, *, deadline: float = 3.0) -> None:
        self.world = world
        self.deadline = deadline

    # -- lookups ----------------------------------------------------------------------------

    def _refuse(self, request: web.Request, status: int, body: dict[str, Any], detail: str) -> ApiError:
        self.world.violate(request[ROUTE_KEY], status, body["code"], detail)
        return ApiError(status, body)

    def _by_token(self, request: web.Request) -> Interaction:
        info = request.match_info
        inter = self.world.interactions_by_token.get(info["webhook_token"])
        if inter is None or info["webhook_id"] != str(self.world.application_id):
            raise self._refuse(request, 404, e.UNKNOWN_WEBHOOK, "unknown interaction token")
        if not inter.acknowledged():
            raise self._refuse(request, 404, e.UNKNOWN_WEBHOOK, "follow-up before the initial response")
        return inter

    def _target(self, request: web.Request, inter: Interaction) -> Message:
        raw = request.match_info["message_id"]
        if raw == "@original":
            if inter.original is None or inter.original.deleted:
                raise ApiError(404, e.UNKNOWN_MESSAGE)
            return inter.original
        message_id = snowflake(raw, e.UNKNOWN_MESSAGE)
        for message in inter.followups:
            if message.id == message_id and not message.deleted:
                return message
        raise ApiError(404, e.UNKNOWN_MESSAGE)

    def _validate(self, request: web.Request, body: dict[str, Any], *, nested: bool, new: bool) -> None:
        errors = message_errors(body)
        if errors:
            errors = {"data": errors} if nested else errors
            raise self._refuse_form(request, errors)
        if new and is_empty_message(body):
            raise self._refuse(request, 400, e.EMPTY_MESSAGE, "empty message")

    def _refuse_form(self, request: web.Request, errors: dict[str, Any]) -> ApiError:
        payload = form_error(errors)
        self.world.violate(request[ROUTE_KEY], 400, payload["code"], errors)
        return ApiError(400, payload)

    def _new_message(self, inter: Interaction, data: dict[str, Any], flags: int) -> Message:
        world = self.world
        return Message(
            world.ids.next(), inter.channel_id, inter.guild_id, world.bot_user,
            content=data.get("content") or "", embeds=data.get("embeds") or [],
            components=data.get("components") or [], attachments=data.get("attachments") or [],
            flags=flags, type=CHAT_INPUT_MESSAGE_TYPE if inter.type == COMMAND else 0,
            webhook_id=world.application_id,
            interaction_metadata={"id": str(inter.id), "type": inter.type, "user": inter.user.to_payload(),
                                  "authorizing_integration_owners": {}},
        )

    async def _publish(self, message: Message, *, new: bool) -> None:
        if new:
            self.world.add_message(message)
        else:
            self.world.notify()
        if not message.ephemeral:
            await self.world.emit("MESSAGE_CREATE" if new else "MESSAGE_UPDATE", message.to_payload())

    # -- initial response -------------------------------------------------------------------

    async def callback(self, request: web.Request) -> web.Response:
        info = request.match_info
        inter = self.world.interactions.get(snowflake(info["webhook_id"], e.UNKNOWN_INTERACTION))
        if inter is None or inter.token != info["webhook_token"]:
            raise self._refuse(request, 404, e.UNKNOWN_INTERACTION, "unknown interaction")
        late = time.monotonic() - inter.sent_at
        if late > self.deadline:
            inter.refusals.append(f"initial response after {late:.2f}s (limit {self.deadline:.1f}s)")
            raise self._refuse(request, 404, e.UNKNOWN_INTERACTION, f"initial response after {late:.2f}s")
        if inter.acknowledged():
            inter.refusals.append("second initial response")
            raise self._refuse(request, 400, e.ALREADY_ACKNOWLEDGED, "second initial response")
        body = await read_json(request)
        rtype = body.get("type")
        data = body.get("data") or {}
        if rtype not in ALLOWED_RESPONSES[inter.type]:
            raise self._refuse_form(request, {"type": {"_errors": [
                {"code": "INTERACTION_RESPONSE_TYPE_INVALID", "message": f"Invalid response type {rtype}"}]}})
        if rtype in (MESSAGE, UPDATE):
            self._validate(request, data, nested=True, new=rtype == MESSAGE)
        if rtype == AUTOCOMPLETE_RESULT:
            errors = autocomplete_errors(data.get("choices"))
            if errors:
                raise self._refuse_form(request, {"data": errors})
            inter.autocomplete_choices = data["choices"]
        message: Message | None = None
        ephemeral = int(data.get("flags") or 0) & EPHEMERAL_FLAG
        if rtype == MESSAGE:
            message = inter.original = self._new_message(inter, data, ephemeral)
            await self._publish(message, new=True)
        elif rtype == DEFERRED_MESSAGE:
            message = inter.original = self._new_message(inter, {}, ephemeral | LOADING_FLAG)
            await self._publish(message, new=True)
        elif rtype in (DEFERRED_UPDATE, UPDATE):
            inter.original = inter.target_message
            if rtype == UPDATE and inter.target_message is not None:
                message = inter.target_message
                message.apply_edit(data)
                await self._publish(message, new=False)
        inter.response_type = rtype
        inter.acked_at = inter.last_activity = time.monotonic()
        self.world.notify()
        if request.query.get("with_response") not in ("1", "true", "True"):
            return web.Response(status=204)
        return json_response(self._callback_body(inter, rtype, message))

    @staticmethod
    def _callback_body(inter: Interaction, rtype: int, message: Message | None) -> dict[str, Any]:
        summary: dict[str, Any] = {"id": str(inter.id), "type": inter.type}
        resource: dict[str, Any] = {"type": rtype}
        if message is not None:
            summary.update({"response_message_id": str(message.id),
                            "response_message_loading": bool(message.flags & LOADING_FLAG),
                            "response_message_ephemeral": message.ephemeral})
            resource["message"] = message.to_payload()
        return {"interaction": summary, "resource": resource}

    # -- follow-ups and edits ---------------------------------------------------------------

    async def followup(self, request: web.Request) -> web.StreamResponse:
        if self.channel_webhook is not None and request.match_info["webhook_id"] != str(self.world.application_id):
            return await self.channel_webhook(request)  # a channel webhook shares the route with follow-ups
        inter = self._by_token(request)
        body = await read_json(request)
        self._validate(request, body, nested=False, new=True)
        original = inter.original
        if (inter.response_type == DEFERRED_MESSAGE and original is not None and original.flags & LOADING_FLAG
                and not original.deleted):
            # Discord turns the first follow-up after a deferral into the deferred message itself
            # (once that message is deleted, a follow-up is a new message with its own flags).
            original.apply_edit(body)
            original.flags &= ~LOADING_FLAG
            message = original
            await self._publish(message, new=False)
        else:
            message = self._new_message(inter, body, int(body.get("flags") or 0) & EPHEMERAL_FLAG)
            await self._publish(message, new=True)
        inter.followups.append(message)
        inter.last_activity = time.monotonic()
        self.world.notify()
        if request.query.get("wait") in ("1", "true", "True"):
            return json_response(message.to_payload())
        return web.Response(status=204)

    async def get_message(self, request: web.Request) -> web.Response:
        inter = self._by_token(request)
        return json_response(self._target(request, inter).to_payload())

    async def edit_message(self, request: web.Request) -> web.Response:
        inter = self._by_token(request)
        message = self._target(request, inter)
        body = await read_json(request)
        self._validate(request, body, nested=False, new=False)
        message.apply_edit(body)
        message.flags &= ~LOADING_FLAG
        inter.last_activity = time.monotonic()
        await self._publish(message, new=False)
        return json_response(message.to_payload())

    async def delete_message(self, request: web.Request) -> web.Response:
        inter = self._by_token(request)
        message = self._target(request, inter)
        self.world.delete_message(message)
        inter.last_activity = time.monotonic()
        if not message.ephemeral:
            await self.world.emit("MESSAGE_DELETE", {"id": str(message.id), "channel_id": str(message.channel_id),
                                                     "guild_id": str(message.guild_id)})
        return web.Response(status=204)

    def add_routes(self, app: web.Application, prefix: str) -> None:
        r = app.router
        r.add_post(prefix + "/interactions/{webhook_id}/{webhook_token}/callback", self.callback)
        r.add_post(prefix + "/webhooks/{webhook_id}/{webhook_token}", self.followup)
        path = prefix + "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"
        r.add_get(path, self.get_message)
        r.add_patch(path, self.edit_message)
        r.add_delete(path, self.delete_message)
