"""Build INTERACTION_CREATE payloads from the commands the bot registered.

Option types and constraints come from the registered schema, so a test cannot send what the
Discord client would not (unknown option, wrong type, value outside choices or bounds).
"""

from __future__ import annotations

from typing import Any

from tests.fakediscord.state import Channel, Guild, Member, Message, User
from tests.fakediscord.world import World

SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER = range(1, 11)
ATTACHMENT = 11
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


class OptionError(ValueError):
    """The test asked for an invocation the Discord client would not allow."""


def _check_bounds(schema: dict[str, Any], value: Any) -> None:
    name = schema["name"]
    choices = schema.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise OptionError(f"option {name!r}: {value!r} is not one of the registered choices")
    if isinstance(value, str):
        if len(value) < schema.get("min_length", 0) or len(value) > schema.get("max_length", 6000):
            raise OptionError(f"option {name!r}: length {len(value)} outside the registered bounds")
    elif isinstance(value, int | float) and not isinstance(value, bool):
        low, high = schema.get("min_value"), schema.get("max_value")
        if (low is not None and value < low) or (high is not None and value > high):
            raise OptionError(f"option {name!r}: {value} outside [{low}, {high}]")


class OptionBuilder:
    """Turns ``{"name": value}`` into typed interaction options plus ``resolved`` data."""

    def __init__(self, world: World, guild: Guild | None) -> None:
        self.world = world
        self.guild = guild
        self.resolved: dict[str, dict[str, Any]] = {}

    def _resolve(self, kind: str, key: int, payload: dict[str, Any]) -> None:
        self.resolved.setdefault(kind, {})[str(key)] = payload

    def _resolve_user(self, user_id: int) -> None:
        user = self.world.users.get(user_id)
        if user is None:
            raise OptionError(f"unknown user {user_id}")
        self._resolve("users", user_id, user.to_payload())
        member = self.guild.members.get(user_id) if self.guild else None
        if member is not None:
            data = member.to_payload()
            data.pop("user")
            self._resolve("members", user_id, data)

    def _value(self, schema: dict[str, Any], value: Any, *, focused: bool) -> Any:
        otype = schema["type"]
        if isinstance(value, Member):
            value = value.user.id
        elif isinstance(value, User | Channel):
            value = value.id
        if focused:
            return str(value)
        if otype == STRING:
            if not isinstance(value, str):
                raise OptionError(f"option {schema['name']!r} expects a string, got {value!r}")
        elif otype == INTEGER:
            if isinstance(value, bool) or not isinstance(value, int):
                raise OptionError(f"option {schema['name']!r} expects an integer, got {value!r}")
        elif otype == NUMBER:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise OptionError(f"option {schema['name']!r} expects a number, got {value!r}")
        elif otype == BOOLEAN:
            if not isinstance(value, bool):
                raise OptionError(f"option {schema['name']!r} expects a boolean, got {value!r}")
        elif otype in (USER, CHANNEL, ROLE, MENTIONABLE):
            return self._snowflake_value(schema, int(value))
        elif otype == ATTACHMENT:
            return self._attachment_value(schema, value)
        else:
            raise OptionError(f"option type {otype} is not supported by the fake Discord")
        _check_bounds(schema, value)
        return value

    def _attachment_value(self, schema: dict[str, Any], value: Any) -> str:
        """``(filename, bytes)``: uploaded to the fake CDN, resolved like Discord's ``attachments``."""
        if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], bytes)):
            raise OptionError(f"option {schema['name']!r} expects (filename, bytes), got {value!r}")
        filename, data = value
        if len(data) > ATTACHMENT_SIZE_LIMIT:
            raise OptionError(f"option {schema['name']!r}: {len(data)} bytes is over the upload limit")
        attachment_id = self.world.ids.next()
        url = self.world.upload(attachment_id, filename, data)
        self._resolve("attachments", attachment_id, {
            "id": str(attachment_id), "filename": filename, "size": len(data), "url": url, "proxy_url": url,
            "content_type": "application/octet-stream", "ephemeral": True})
        return str(attachment_id)

    def _snowflake_value(self, schema: dict[str, Any], value: int) -> str:
        otype = schema["type"]
        if otype == CHANNEL:
            channel = self.world.channels.get(value)
            if channel is None:
                raise OptionError(f"unknown channel {value}")
            types = schema.get("channel_types")
            if types and channel.type not in types:
                raise OptionError(f"option {schema['name']!r}: channel type {channel.type} not allowed")
            self._resolve("channels", value, {**channel.to_payload(), "permissions": str(
                self.world.bot_permissions_in(channel))})
        elif otype == ROLE or (otype == MENTIONABLE and self.guild and value in self.guild.roles):
            if self.guild is None or value not in self.guild.roles:
                raise OptionError(f"unknown role {value}")
            self._resolve("roles", value, self.guild.roles[value].to_payload())
        else:
            self._resolve_user(value)
        return str(value)

    def build(self, schema_options: list[dict[str, Any]], path: list[str], values: Any,
              *, focused: str | None = None) -> list[dict[str, Any]]:
        """Options for the sub-command ``path`` with the leaf ``values`` (dict, or raw list)."""
        if path:
            head = next((o for o in schema_options if o["name"] == path[0]
                         and o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)), None)
            if head is None:
                raise OptionError(f"no registered sub-command {path[0]!r}")
            inner = self.build(head.get("options") or [], path[1:], values, focused=focused)
            return [{"name": head["name"], "type": head["type"], "options": inner}]
        if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in schema_options):
            raise OptionError("this command needs a sub-command path, e.g. 'news latest'")
        if isinstance(values, list):
            return values
        values = dict(values or {})
        by_name = {o["name"]: o for o in schema_options}
        unknown = set(values) - set(by_name)
        if unknown:
            raise OptionError(f"unknown options {sorted(unknown)}; registered: {sorted(by_name)}")
        built = []
        for name, value in values.items():
            schema = by_name[name]
            option = {"name": name, "type": schema["type"], "value": self._value(schema, value,
                                                                                 focused=name == focused)}
            if name == focused:
                option["focused"] = True
            built.append(option)
        if focused is None:
            missing = [o["name"] for o in schema_options if o.get("required") and o["name"] not in values]
            if missing:
                raise OptionError(f"missing required options {missing}")
        elif focused not in values:
            raise OptionError(f"focused option {focused!r} needs a (partial) value in options")
        return built


def base_interaction(world: World, *, interaction_id: int, token: str, itype: int, guild: Guild,
                     channel: Channel, member: Member, permissions: int | None, locale: str) -> dict[str, Any]:
    """The fields every guild interaction carries (member permissions, app_permissions, channel)."""
    member_perms = world.permissions_in(member, channel) if permissions is None else permissions
    return {
        "id": str(interaction_id),
        "application_id": str(world.application_id),
        "type": itype,
        "token": token,
        "version": 1,
        "guild_id": str(guild.id),
        "guild": {"id": str(guild.id), "locale": guild.locale, "features": []},
        "channel_id": str(channel.id),
        "channel": {**channel.to_payload(), "permissions": str(member_perms)},
        "member": member.to_payload(permissions=member_perms),
        "app_permissions": str(world.bot_permissions_in(channel)),
        "locale": locale,
        "guild_locale": guild.locale,
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(guild.id)},
        "context": 0,
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    }


# What a bot may do in a DM with a user (Discord sends app_permissions for the DM channel too).
DM_APP_PERMISSIONS = (1 << 6) | (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 18)
BOT_DM_CONTEXT = 1


def available_in_dms(command: dict[str, Any]) -> bool:
    """Whether the Discord client offers ``command`` in a DM with the bot (``contexts``, else ``dm_permission``)."""
    contexts = command.get("contexts")
    if contexts is not None:
        return BOT_DM_CONTEXT in contexts
    return bool(command.get("dm_permission", True))


def dm_interaction(world: World, *, interaction_id: int, token: str, itype: int, channel_id: int, user: User,
                   locale: str) -> dict[str, Any]:
    """The fields of an interaction in a DM with the bot: ``user`` instead of ``member``, no guild."""
    return {
        "id": str(interaction_id),
        "application_id": str(world.application_id),
        "type": itype,
        "token": token,
        "version": 1,
        "channel_id": str(channel_id),
        "channel": {"id": str(channel_id), "type": 1, "last_message_id": None, "flags": 0,
                    "recipients": [user.to_payload()]},
        "user": user.to_payload(),
        "app_permissions": str(DM_APP_PERMISSIONS),
        "locale": locale,
        "entitlements": [],
        # A guild-installed app reached in its DM: the guild-install owner is "0".
        "authorizing_integration_owners": {"0": "0"},
        "context": BOT_DM_CONTEXT,
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    }


def command_data(command: dict[str, Any], options: list[dict[str, Any]],
                 resolved: dict[str, Any]) -> dict[str, Any]:
    """``data`` of an APPLICATION_COMMAND or AUTOCOMPLETE interaction."""
    data: dict[str, Any] = {"id": command["id"], "name": command["name"], "type": command.get("type", 1),
                            "options": options}
    if resolved:
        data["resolved"] = resolved
    if command.get("guild_id"):
        data["guild_id"] = command["guild_id"]
    return data


def message_command_data(command: dict[str, Any], message: Message) -> dict[str, Any]:
    """``data`` of a MESSAGE context-menu command targeting ``message``."""
    data = {"id": command["id"], "name": command["name"], "type": 3, "target_id": str(message.id),
            "resolved": {"messages": {str(message.id): message.to_payload()}}}
    if command.get("guild_id"):
        data["guild_id"] = command["guild_id"]
    return data
