"""The fake Discord gateway: HELLO, IDENTIFY/READY, heartbeats, RESUME with replay, DISPATCH.

Sharding follows Discord's documentation: an IDENTIFY with ``shard: [shard_id, num_shards]``
opens a session that receives only the events of guilds where
``(guild_id >> 22) % num_shards == shard_id`` (READY and GUILD_CREATE list only those guilds);
events without a guild (DMs) go to shard 0. An invalid shard closes the socket with 4010.

Transport compression follows the connect URL (``compress=zlib-stream`` or ``zstd-stream``), as
Discord does; discord.py 2.7.1 asks for zstd-stream only when a zstd module is importable.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import secrets
import zlib
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakediscord.world import World

log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, RESUME, RECONNECT = 0, 1, 2, 3, 6, 7
REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 8, 9, 10, 11
INVALID_SHARD, SHARDING_REQUIRED = 4010, 4011
GUILDS_INTENT = 1 << 0
GUILD_MESSAGES_INTENT = 1 << 9


class _ZlibStream:
    def __init__(self) -> None:
        self._c = zlib.compressobj()

    def encode(self, text: str) -> bytes:
        return self._c.compress(text.encode()) + self._c.flush(zlib.Z_SYNC_FLUSH)


class _ZstdStream:
    def __init__(self) -> None:
        try:
            import zstandard  # type: ignore[import-not-found]

            self._c = zstandard.ZstdCompressor().compressobj()
            self._flush = lambda: self._c.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
            self._compress = self._c.compress
        except ImportError:
            from compression import zstd  # type: ignore[import-not-found]

            comp = zstd.ZstdCompressor()
            self._compress = lambda data: comp.compress(data, mode=zstd.ZstdCompressor.FLUSH_BLOCK)
            self._flush = lambda: b""

    def encode(self, text: str) -> bytes:
        return self._compress(text.encode()) + self._flush()


@dataclass
class Connection:
    ws: web.WebSocketResponse
    compressor: _ZlibStream | _ZstdStream | None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def send(self, payload: dict[str, Any]) -> None:
        text = json.dumps(payload)
        async with self.lock:
            if self.ws.closed:
                raise ConnectionResetError("gateway socket closed")
            if self.compressor is None:
                await self.ws.send_str(text)
            else:
                await self.ws.send_bytes(self.compressor.encode(text))


ShardKey = tuple[int, int] | None  # (shard_id, num_shards); None: an unsharded session (every guild)


def shard_of(guild_id: int, num_shards: int) -> int:
    """Discord's routing formula: which shard receives a guild's events."""
    return (guild_id >> 22) % num_shards


@dataclass
class Session:
    session_id: str
    intents: int
    seq: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)
    connection: Connection | None = None
    ready: bool = False
    shard: ShardKey = None

    def receives(self, guild_id: int | None) -> bool:
        """True when this session is the one Discord routes ``guild_id``'s events to."""
        if self.shard is None:
            return True
        shard_id, count = self.shard
        return shard_id == (0 if guild_id is None else shard_of(guild_id, count))


class Gateway:
    """Gateway endpoint plus the controls the driver uses (dispatch, reconnect, close)."""

    def __init__(self, world: World, *, heartbeat_interval_ms: int = 41250) -> None:
        self.world = world
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.url = ""  # set by the server once the port is known
        self.sessions: dict[str, Session] = {}
        self.current: Session | None = None
        # The live session of each shard (the latest IDENTIFY of that shard replaces the older one).
        self.by_shard: dict[ShardKey, Session] = {}
        self.identified_shards: list[ShardKey] = []
        self.identify_times: list[float] = []  # loop time of each IDENTIFY (spacing checks)
        self.dispatched: collections.Counter[ShardKey] = collections.Counter()  # events sent, per shard
        self.identifies = 0
        self.resumes = 0
        self.heartbeats = 0
        self.replayed = 0
        self.connections = 0
        self.compression_used: list[str | None] = []
        world.event_sink = self.dispatch

    # -- endpoint ------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        compress = request.query.get("compress")
        if compress not in (None, "zlib-stream", "zstd-stream"):
            raise web.HTTPBadRequest(text="unknown compression")
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        self.connections += 1
        self.compression_used.append(compress)
        compressor = {"zlib-stream": _ZlibStream, "zstd-stream": _ZstdStream}.get(compress or "", None)
        conn = Connection(ws, compressor() if compressor else None)
        session: Session | None = None
        try:
            await conn.send({"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}, "s": None,
                             "t": None})
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                payload = json.loads(msg.data)
                session = await self._on_payload(conn, session, payload) or session
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            if session is not None and session.connection is conn:
                session.connection = None
            self.world.notify()
        return ws

    async def _on_payload(self, conn: Connection, session: Session | None,
                          payload: dict[str, Any]) -> Session | None:
        op, data = payload.get("op"), payload.get("d")
        if op == HEARTBEAT:
            self.heartbeats += 1
            await conn.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == IDENTIFY:
            return await self._identify(conn, data or {})
        elif op == RESUME:
            return await self._resume(conn, data or {})
        elif op == REQUEST_MEMBERS and session is not None:
            await self._members_chunk(session, data or {})
        return None

    async def _identify(self, conn: Connection, data: dict[str, Any]) -> Session | None:
        valid, shard = _shard_key(data.get("shard"))
        if not valid:
            await conn.ws.close(code=INVALID_SHARD, message=b"Invalid shard.")
            return None
        self.identifies += 1
        self.identified_shards.append(shard)
        self.identify_times.append(asyncio.get_running_loop().time())
        session = Session(secrets.token_hex(16), int(data.get("intents", 0)), shard=shard)
        session.connection = conn
        self.sessions[session.session_id] = session
        self.current = session
        self.by_shard[shard] = session
        world = self.world
        guilds = [guild for guild in list(world.guilds.values()) if session.receives(guild.id)]
        ready = {
            "v": 10,
            "user": {**world.bot_user.to_payload(), "verified": True, "mfa_enabled": False, "flags": 0,
                     "email": None},
            "guilds": [{"id": str(guild.id), "unavailable": True} for guild in guilds],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.url,
            "application": {"id": str(world.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "auth": {},
        }
        if "shard" in data:
            ready["shard"] = data["shard"]
        await self._send_event(session, "READY", ready)
        if session.intents & GUILDS_INTENT:
            for guild in guilds:
                await self._send_event(session, "GUILD_CREATE", guild.gateway_payload(world.bot_member(guild.id)))
        session.ready = True
        world.notify()
        return session

    async def _resume(self, conn: Connection, data: dict[str, Any]) -> Session | None:
        session = self.sessions.get(str(data.get("session_id")))
        if session is None:
            await conn.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return None
        self.resumes += 1
        session.connection = conn
        self.current = session
        self.by_shard[session.shard] = session
        last_seen = int(data.get("seq") or 0)
        for event in list(session.events):
            if event["s"] > last_seen:
                self.replayed += 1
                await conn.send(event)
        await self._send_event(session, "RESUMED", {})
        self.world.notify()
        return session

    async def _members_chunk(self, session: Session, data: dict[str, Any]) -> None:
        guild = self.world.guilds.get(int(data.get("guild_id", 0)))
        if guild is None:
            return
        members = [m.to_payload() for m in guild.members.values()]
        await self._send_event(session, "GUILD_MEMBERS_CHUNK", {
            "guild_id": str(guild.id), "members": members, "chunk_index": 0, "chunk_count": 1,
            "nonce": data.get("nonce")})

    async def _send_event(self, session: Session, event: str, data: dict[str, Any]) -> int:
        session.seq += 1
        payload = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.events.append(payload)
        if session.connection is not None:
            try:
                await session.connection.send(payload)
            except (ConnectionResetError, RuntimeError):
                # Kept in session.events: a RESUME replays it, as Discord does.
                session.connection = None
        return session.seq

    # -- controls used by the driver ------------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a DISPATCH to the session of the guild's shard (buffered for replay if disconnected).

        Unsharded, that is the current session, as before; sharded, each shard's latest session.
        """
        guild_id = _event_guild(event, data)
        targets = [self.current] if None in self.by_shard or not self.by_shard else list(self.by_shard.values())
        for session in targets:
            if session is None or not session.receives(guild_id):
                continue
            if event.startswith("MESSAGE_") and not session.intents & GUILD_MESSAGES_INTENT:
                continue
            if event.startswith(("CHANNEL_", "GUILD_")) and not session.intents & GUILDS_INTENT:
                continue
            self.dispatched[session.shard] += 1
            await self._send_event(session, event, data)

    @property
    def connected(self) -> bool:
        return self.current is not None and self.current.connection is not None

    async def send_reconnect(self) -> None:
        """Send op 7 RECONNECT; the client closes and RESUMEs."""
        conn = self._require_connection()
        await conn.send({"op": RECONNECT, "d": None, "s": None, "t": None})

    async def close(self, code: int = 4000) -> None:
        """Close the socket with ``code`` (4000 and 1001 are resumable for discord.py)."""
        conn = self._require_connection()
        assert self.current is not None
        self.current.connection = None
        await conn.ws.close(code=code, message=b"fake discord close")

    async def invalidate_session(self, *, resumable: bool = False) -> None:
        """Send op 9 INVALID_SESSION; with ``resumable=False`` the client must IDENTIFY again."""
        conn = self._require_connection()
        await conn.send({"op": INVALID_SESSION, "d": resumable, "s": None, "t": None})

    def _require_connection(self) -> Connection:
        if self.current is None or self.current.connection is None:
            raise RuntimeError("fake Discord: no gateway connection")
        return self.current.connection

    async def shutdown(self) -> None:
        """Close every open socket (server stop)."""
        for session in self.sessions.values():
            if session.connection is not None:
                conn, session.connection = session.connection, None
                await conn.ws.close(code=1001)


def _shard_key(value: Any) -> tuple[bool, ShardKey]:
    """IDENTIFY's ``shard`` field: (valid, None when absent or (shard_id, num_shards))."""
    if value is None:
        return True, None
    try:
        shard_id, count = (int(part) for part in value)
    except (TypeError, ValueError):
        return False, None
    return (0 <= shard_id < count), (shard_id, count)


def _event_guild(event: str, data: dict[str, Any]) -> int | None:
    """The guild an event belongs to (None: DMs and other guild-less events)."""
    raw = data.get("id") if event.startswith("GUILD_") and "guild_id" not in data else data.get("guild_id")
    return int(raw) if raw is not None else None
