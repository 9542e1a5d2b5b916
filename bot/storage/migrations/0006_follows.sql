-- Follow a person or a story (issue 23). A follow belongs to a guild and posts into a channel, or
-- privately to a member by DM (user_id set, channel_id 0). kind 'speaker': subject_id is a
-- speakers.id; kind 'story': subject_id is the story id (articles.story_id) of the chosen article.
-- since_id: the newest article id when the follow was made (older articles are never announced).
CREATE TABLE follows (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('speaker', 'story')),
    subject_id  INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL DEFAULT 0,
    user_id     INTEGER NOT NULL DEFAULT 0,
    label       TEXT NOT NULL,
    created_by  INTEGER,
    since_id    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    UNIQUE (guild_id, kind, subject_id, channel_id, user_id)
);
CREATE INDEX follows_subject ON follows (kind, subject_id);
CREATE INDEX follows_guild ON follows (guild_id, kind);

-- The follow outbox: one row per (follow, dedupe key), written by the same transaction that stores
-- the article. dedupe_key is 'q:<normalised quote key>' (a quote is announced once per follow, in
-- whichever outlet carries it first), 'a:<article id>' (a new report or follow-up of a story) or
-- 's:<article id>:<feed id>' (the same report carried by another feed). Recorded as sent only after
-- Discord accepts; 'sending' rows left by a crash are resolved by recovery (scan for the marker).
-- refresh = 1: a later outlet carried the quote after the card was sent (its count is edited in).
CREATE TABLE follow_notices (
    id              INTEGER PRIMARY KEY,
    follow_id       INTEGER NOT NULL REFERENCES follows (id) ON DELETE CASCADE,
    dedupe_key      TEXT NOT NULL,
    article_id      INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    quote_id        INTEGER REFERENCES quotes (id) ON DELETE SET NULL,
    feed_id         INTEGER,
    reason          TEXT NOT NULL DEFAULT 'quote',
    state           TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    channel_id      INTEGER,
    message_id      INTEGER,
    refresh         INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    UNIQUE (follow_id, dedupe_key)
);
CREATE INDEX follow_notices_due ON follow_notices (state, next_attempt_at);
CREATE INDEX follow_notices_refresh ON follow_notices (refresh) WHERE refresh = 1;

-- Per-guild follow preferences: may members follow privately by DM (off by default).
CREATE TABLE follow_settings (
    guild_id    INTEGER PRIMARY KEY,
    allow_dm    INTEGER NOT NULL DEFAULT 0,
    updated_at  TEXT NOT NULL
);
