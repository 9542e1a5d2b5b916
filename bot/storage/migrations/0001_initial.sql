-- newsbot schema, version 1: feeds, articles (+ FTS), sources, teasers, summaries,
-- guild settings, subscriptions, the delivery outbox, briefings and bot state.
-- Timestamps are UTC text 'YYYY-MM-DDTHH:MM:SSZ' (sorts chronologically, portable).

CREATE TABLE feeds (
    id               INTEGER PRIMARY KEY,
    url              TEXT NOT NULL UNIQUE,
    title            TEXT,
    site_url         TEXT,
    etag             TEXT,
    last_modified    TEXT,
    interval_minutes INTEGER,
    next_poll_at     TEXT,
    last_polled_at   TEXT,
    last_success_at  TEXT,
    last_error       TEXT,
    last_error_at    TEXT,
    failure_count    INTEGER NOT NULL DEFAULT 0,
    disabled         INTEGER NOT NULL DEFAULT 0,
    baseline_done    INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL
);
CREATE INDEX feeds_next_poll ON feeds (disabled, next_poll_at);

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    canonical_url TEXT UNIQUE,
    url           TEXT,
    feed_id       INTEGER REFERENCES feeds (id) ON DELETE SET NULL,
    source_name   TEXT,
    title         TEXT NOT NULL,
    text          TEXT NOT NULL,
    lang          TEXT NOT NULL DEFAULT 'und',
    author        TEXT,
    image_url     TEXT,
    published_at  TEXT NOT NULL,
    fetched_at    TEXT NOT NULL,
    content_hash  TEXT NOT NULL UNIQUE,
    story_id      INTEGER
);
CREATE INDEX articles_published ON articles (published_at DESC, id DESC);
CREATE INDEX articles_feed_published ON articles (feed_id, published_at DESC);
CREATE INDEX articles_story ON articles (story_id);
CREATE INDEX articles_title_nocase ON articles (title COLLATE NOCASE);

-- Every URL / feed an article was seen under; the first row is its own origin.
CREATE TABLE article_sources (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    feed_id       INTEGER REFERENCES feeds (id) ON DELETE SET NULL,
    canonical_url TEXT UNIQUE,
    url           TEXT,
    source_name   TEXT,
    added_at      TEXT NOT NULL
);
CREATE INDEX article_sources_article ON article_sources (article_id);

-- Items already seen per feed (by GUID or link), so a re-poll does not refetch pages.
CREATE TABLE feed_items (
    feed_id    INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    guid       TEXT NOT NULL,
    article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    seen_at    TEXT NOT NULL,
    PRIMARY KEY (feed_id, guid)
);

-- The source's own teaser headlines ("related from the source"), never body text.
CREATE TABLE article_teasers (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (article_id, position)
);

CREATE TABLE summaries (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    length     TEXT NOT NULL,
    method     TEXT NOT NULL DEFAULT 'extractive',
    text       TEXT NOT NULL,
    offsets    TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    PRIMARY KEY (article_id, length, method)
);

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text,
    content = 'articles', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE TABLE guild_settings (
    guild_id           INTEGER PRIMARY KEY,
    language           TEXT,
    timezone           TEXT NOT NULL DEFAULT 'UTC',
    briefing_channel_id INTEGER,
    briefing_time      TEXT,
    briefing_enabled   INTEGER NOT NULL DEFAULT 0,
    log_channel_id     INTEGER,
    updated_at         TEXT NOT NULL
);

CREATE TABLE subscriptions (
    id               INTEGER PRIMARY KEY,
    guild_id         INTEGER NOT NULL,
    channel_id       INTEGER NOT NULL,
    feed_id          INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    mention_role_id  INTEGER,
    include_keywords TEXT NOT NULL DEFAULT '[]',
    exclude_keywords TEXT NOT NULL DEFAULT '[]',
    paused           INTEGER NOT NULL DEFAULT 0,
    disabled_reason  TEXT,
    created_at       TEXT NOT NULL,
    UNIQUE (channel_id, feed_id)
);
CREATE INDEX subscriptions_feed ON subscriptions (feed_id);
CREATE INDEX subscriptions_guild ON subscriptions (guild_id);

-- The outbox: one row per story x channel. UNIQUE(channel_id, story_id) is what makes
-- "never the same story twice in a channel" hold even when two feeds carry it.
CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    article_id      INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    story_id        INTEGER NOT NULL,
    subscription_id INTEGER REFERENCES subscriptions (id) ON DELETE SET NULL,
    guild_id        INTEGER NOT NULL,
    channel_id      INTEGER NOT NULL,
    mention_role_id INTEGER,
    state           TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    message_id      INTEGER,
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    UNIQUE (channel_id, story_id)
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
CREATE INDEX deliveries_channel ON deliveries (channel_id, state, id);

CREATE TABLE briefings (
    guild_id   INTEGER NOT NULL,
    day        TEXT NOT NULL,
    channel_id INTEGER,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at    TEXT,
    message_id INTEGER,
    PRIMARY KEY (guild_id, day)
);

CREATE TABLE bot_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
