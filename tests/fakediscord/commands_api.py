"""Application command registration routes (global and guild): bulk overwrite, list, CRUD."""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from tests.fakediscord.errors import ROUTE_KEY, ApiError, json_response, read_json
from tests.fakediscord.limits import form_error
from tests.fakediscord.world import World

NAME_RE = re.compile(r"^[-_\w]{1,32}$")
MAX_OPTIONS = 25
MAX_COMMANDS = 100
SUBCOMMAND, SUBCOMMAND_GROUP = 1, 2


def _err(code: str, message: str) -> dict[str, Any]:
    return {"_errors": [{"code": code, "message": message}]}


def option_errors(options: list[dict[str, Any]], *, depth: int = 0) -> dict[str, Any]:
    """Validate options: names, descriptions, choices, required-before-optional, nesting."""
    if len(options) > MAX_OPTIONS:
        return {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 25 or fewer in length."}]}
    errors: dict[str, Any] = {}
    seen: set[str] = set()
    optional_seen = False
    for index, option in enumerate(options):
        sub: dict[str, Any] = {}
        name = option.get("name", "")
        if not NAME_RE.match(name) or name != name.lower():
            sub["name"] = _err("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        if name in seen:
            sub["name"] = _err("APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option name already exists")
        seen.add(name)
        if not 1 <= len(option.get("description", "")) <= 100:
            sub["description"] = _err("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
        if len(option.get("choices") or []) > 25:
            sub["choices"] = _err("BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        if option.get("type") in (SUBCOMMAND, SUBCOMMAND_GROUP):
            if depth >= 2 or (option["type"] == SUBCOMMAND_GROUP and depth >= 1):
                sub["type"] = _err("APPLICATION_COMMAND_OPTION_TYPE_INVALID", "Sub-command nesting too deep")
            nested = option_errors(option.get("options") or [], depth=depth + 1)
            if nested:
                sub["options"] = nested
        else:
            if option.get("required"):
                if optional_seen:
                    sub["required"] = _err("APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                                           "Required options must be placed before non-required options")
            else:
                optional_seen = True
        if sub:
            errors[str(index)] = sub
    return errors


def command_errors(command: dict[str, Any]) -> dict[str, Any]:
    """Validate one command payload as Discord does on registration."""
    errors: dict[str, Any] = {}
    ctype = command.get("type", 1)
    name = command.get("name", "")
    if ctype == 1:
        if not NAME_RE.match(name) or name != name.lower():
            errors["name"] = _err("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        if not 1 <= len(command.get("description", "")) <= 100:
            errors["description"] = _err("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
        options = option_errors(command.get("options") or [])
        if options:
            errors["options"] = options
    elif not 1 <= len(name) <= 32:
        errors["name"] = _err("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.")
    return errors


def _as_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _store(world: World, command: dict[str, Any], guild_id: int | None,
           previous: list[dict[str, Any]]) -> dict[str, Any]:
    ctype = command.get("type", 1)
    old = next((c for c in previous if c["name"] == command["name"] and c.get("type", 1) == ctype), None)
    stored: dict[str, Any] = {
        "id": old["id"] if old else str(world.ids.next()),
        "application_id": str(world.application_id),
        "version": str(world.ids.next()),
        "type": ctype,
        "name": command["name"],
        "description": command.get("description", ""),
        "options": command.get("options") or [],
        "default_member_permissions": _as_str(command.get("default_member_permissions")),
        "dm_permission": command.get("dm_permission", True),
        "nsfw": command.get("nsfw", False),
        "contexts": command.get("contexts"),
        "integration_types": command.get("integration_types", [0]),
        "name_localizations": command.get("name_localizations"),
        "description_localizations": command.get("description_localizations"),
    }
    if guild_id is not None:
        stored["guild_id"] = str(guild_id)
    return stored


class CommandRoutes:
    """Handlers for /applications/{application_id}[/guilds/{guild_id}]/commands[/{command_id}]."""

    def __init__(self, world: World) -> None:
        self.world = world

    def _scope(self, request: web.Request) -> int | None:
        if request.match_info["application_id"] != str(self.world.application_id):
            raise ApiError(403, {"message": "Missing Access", "code": 50001})
        guild = request.match_info.get("guild_id")
        if guild is not None and int(guild) not in self.world.guilds:
            raise ApiError(403, {"message": "Missing Access", "code": 50001})
        return int(guild) if guild is not None else None

    def _validate(self, route: str, commands: list[dict[str, Any]]) -> None:
        errors: dict[str, Any] = {}
        seen: set[tuple[str, int]] = set()
        for index, command in enumerate(commands):
            sub = command_errors(command)
            key = (command.get("name", ""), command.get("type", 1))
            if key in seen:
                sub["name"] = _err("APPLICATION_COMMANDS_DUPLICATE_NAME", f"Application command names must be "
                                   f"unique: {key[0]}")
            seen.add(key)
            if sub:
                errors[str(index)] = sub
        if len([c for c in commands if c.get("type", 1) == 1]) > MAX_COMMANDS:
            errors["_errors"] = [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 100 or fewer in length."}]
        if errors:
            body = form_error(errors)
            self.world.violate(route, 400, body["code"], errors)
            raise ApiError(400, body)

    async def list(self, request: web.Request) -> web.Response:
        return json_response(self.world.all_commands(self._scope(request)))

    async def bulk_overwrite(self, request: web.Request) -> web.Response:
        guild_id = self._scope(request)
        commands = await read_json(request)
        if not isinstance(commands, list):
            raise ApiError(400, form_error({"_errors": [{"code": "BASE_TYPE_ARRAY", "message": "Not an array"}]}))
        self._validate(request[ROUTE_KEY], commands)
        previous = self.world.all_commands(guild_id)
        stored = [_store(self.world, c, guild_id, previous) for c in commands]
        if guild_id is None:
            self.world.global_commands = stored
        else:
            self.world.guild_commands[guild_id] = stored
        self.world.notify()
        return json_response(stored)

    async def create(self, request: web.Request) -> web.Response:
        guild_id = self._scope(request)
        command = await read_json(request)
        self._validate(request[ROUTE_KEY], [command])
        pool = self.world.all_commands(guild_id)
        stored = _store(self.world, command, guild_id, pool)
        pool[:] = [c for c in pool if c["id"] != stored["id"]] + [stored]
        self.world.notify()
        return json_response(stored, status=201)

    def _find(self, request: web.Request) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        pool = self.world.all_commands(self._scope(request))
        for command in pool:
            if command["id"] == request.match_info["command_id"]:
                return pool, command
        raise ApiError(404, {"message": "Unknown application command", "code": 10063})

    async def get(self, request: web.Request) -> web.Response:
        return json_response(self._find(request)[1])

    async def edit(self, request: web.Request) -> web.Response:
        _, command = self._find(request)
        changes = await read_json(request)
        merged = {**command, **changes}
        self._validate(request[ROUTE_KEY], [merged])
        command.update(changes)
        command["version"] = str(self.world.ids.next())
        self.world.notify()
        return json_response(command)

    async def delete(self, request: web.Request) -> web.Response:
        pool, command = self._find(request)
        pool.remove(command)
        self.world.notify()
        return web.Response(status=204)

    def add_routes(self, app: web.Application, prefix: str) -> None:
        for base in ("/applications/{application_id}/commands",
                     "/applications/{application_id}/guilds/{guild_id}/commands"):
            app.router.add_get(prefix + base, self.list)
            app.router.add_put(prefix + base, self.bulk_overwrite)
            app.router.add_post(prefix + base, self.create)
            app.router.add_get(prefix + base + "/{command_id}", self.get)
            app.router.add_patch(prefix + base + "/{command_id}", self.edit)
            app.router.add_delete(prefix + base + "/{command_id}", self.delete)
