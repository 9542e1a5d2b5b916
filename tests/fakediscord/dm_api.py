"""Direct messages of the fake Discord (REST v10): ``POST /users/@me/channels``.

Faithful to https://discord.com/developers/docs/resources/user#create-dm: the body is
``{"recipient_id": snowflake}``; the answer is the DM channel object (``type 1``, ``recipients``
holding the user, no ``guild_id``), the same channel every time for the same user. An unknown
recipient answers 400 code 50033 "Invalid Recipient(s)". Sending into a DM needs no guild
permission, but a user who does not accept DMs from the bot makes it fail with 403 code 50007
"Cannot send messages to this user" (https://discord.com/developers/docs/topics/opcodes-and-status-codes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from tests.fakediscord.errors import ApiError, json_response, read_json
from tests.fakediscord.state import DM_CHANNEL, Channel

if TYPE_CHECKING:
    from tests.fakediscord.server import RestApi

INVALID_RECIPIENT = {"message": "Invalid Recipient(s)", "code": 50033}
CANNOT_DM_USER = {"message": "Cannot send messages to this user", "code": 50007}


class DmRoutes:
    """Opening DM channels with users."""

    def __init__(self, api: RestApi) -> None:
        self.api = api
        self.world = api.world
        self.by_user: dict[int, int] = {}  # recipient id -> DM channel id
        self.closed: set[int] = set()  # users who do not accept DMs from the bot

    def dm_channel_of(self, user_id: int) -> Channel | None:
        """The DM channel opened with ``user_id``, if any."""
        channel_id = self.by_user.get(user_id)
        return self.world.channels.get(channel_id) if channel_id is not None else None

    def check_send(self, channel: Channel) -> None:
        """Raise Discord's error when the recipient does not accept DMs."""
        if channel.recipient_id in self.closed:
            raise ApiError(403, CANNOT_DM_USER)

    async def create_dm(self, request: web.Request) -> web.Response:
        body = await read_json(request)
        try:
            user_id = int(body.get("recipient_id"))
        except (TypeError, ValueError):
            raise ApiError(400, INVALID_RECIPIENT) from None
        user = self.world.users.get(user_id)
        if user is None or user.bot:
            raise ApiError(400, INVALID_RECIPIENT)
        channel = self.dm_channel_of(user_id)
        if channel is None:
            channel = Channel(self.world.ids.next(), 0, "", DM_CHANNEL, recipient_id=user_id)
            self.world.channels[channel.id] = channel
            self.by_user[user_id] = channel.id
        return json_response(channel.to_payload() | {"recipients": [user.to_payload()]})

    def add_routes(self, app: web.Application, prefix: str) -> None:
        app.router.add_post(prefix + "/users/@me/channels", self.create_dm)
