-- How each subscription's stories arrive (issue 22): style, colour, template, thread per story,
-- webhook identity, forum tags and a per-hour cap. One row per subscription that changed a default.
CREATE TABLE subscription_formats (
    subscription_id INTEGER PRIMARY KEY REFERENCES subscriptions (id) ON DELETE CASCADE,
    style           TEXT NOT NULL DEFAULT 'full',
    colour          INTEGER,
    template        TEXT,
    thread          INTEGER NOT NULL DEFAULT 0,
    webhook_name    TEXT,
    webhook_avatar  TEXT,
    forum_tags      TEXT NOT NULL DEFAULT '[]',
    cap_per_hour    INTEGER,
    updated_at      TEXT NOT NULL
);

-- The one webhook the bot created and reuses per channel (re-created when Discord says it is gone).
CREATE TABLE channel_webhooks (
    channel_id  INTEGER PRIMARY KEY,
    webhook_id  INTEGER NOT NULL,
    token       TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- Later reports of a story already posted in a thread or forum post: one row per (delivery, report),
-- the report being another source row of the posted article or another article of its story
-- (``report_key`` 's:<article_sources.id>' or 'a:<articles.id>'), recorded after Discord accepted
-- the message in the thread, so a report is announced once.
CREATE TABLE thread_updates (
    delivery_id INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    report_key  TEXT NOT NULL,
    message_id  INTEGER,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (delivery_id, report_key)
);

-- Where the story's post lives: the thread (forum post or thread on the message) that later reports go into.
ALTER TABLE deliveries ADD COLUMN thread_id INTEGER;
-- A delivery folded into a capped subscription's "N more stories" message instead of its own post.
ALTER TABLE deliveries ADD COLUMN folded INTEGER NOT NULL DEFAULT 0;
-- A delivery held over an hourly window by its subscription's cap (folded with the others when it reopens).
ALTER TABLE deliveries ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
CREATE INDEX deliveries_subscription_sent ON deliveries (subscription_id, sent_at);
