-- Coordination of several processes (issue 24): leases on work (feeds, channels, briefings,
-- IDENTIFY slots), heartbeats of running processes, and the shared per-second REST budget.
-- On SQLite one process does everything, so claims always succeed; the tables keep one API.
CREATE TABLE leases (
    kind       TEXT NOT NULL,     -- 'feed', 'channel', 'briefing', 'identify'
    key        INTEGER NOT NULL,  -- feed id, channel id, guild id, IDENTIFY bucket
    holder     TEXT NOT NULL,     -- the process id (heartbeats.process_id)
    expires_at TEXT NOT NULL,     -- UTC text, as every timestamp of the schema
    PRIMARY KEY (kind, key)
);
CREATE INDEX leases_expiry ON leases (expires_at);

CREATE TABLE heartbeats (
    process_id TEXT PRIMARY KEY,
    role       TEXT NOT NULL,
    shards     TEXT,              -- "0,1/2" for a gateway process, NULL otherwise
    host       TEXT NOT NULL,
    pid        INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    seen_at    TEXT NOT NULL
);

-- Discord's global budget is per bot token per second: one row per Unix second, counted atomically.
CREATE TABLE rest_budget (
    second INTEGER PRIMARY KEY,
    used   INTEGER NOT NULL
);
