-- Coordination of several processes (issue 24): leases on work (feeds, channels, briefings,
-- IDENTIFY slots), heartbeats of running processes, and the shared per-second REST budget.
CREATE TABLE leases (
    kind       text NOT NULL,     -- 'feed', 'channel', 'briefing', 'identify'
    key        bigint NOT NULL,   -- feed id, channel id, guild id, IDENTIFY bucket
    holder     text NOT NULL,     -- the process id (heartbeats.process_id)
    expires_at text NOT NULL,     -- UTC text, as every timestamp of the schema
    PRIMARY KEY (kind, key)
);
CREATE INDEX leases_expiry ON leases (expires_at);

CREATE TABLE heartbeats (
    process_id text PRIMARY KEY,
    role       text NOT NULL,
    shards     text,              -- "0,1/2" for a gateway process, NULL otherwise
    host       text NOT NULL,
    pid        bigint NOT NULL,
    started_at text NOT NULL,
    seen_at    text NOT NULL
);

-- Discord's global budget is per bot token per second: one row per Unix second, counted atomically.
CREATE TABLE rest_budget (
    second bigint PRIMARY KEY,
    used   bigint NOT NULL
);
