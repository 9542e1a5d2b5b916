-- newsbot schema, version 2: quotes and the cross-article speaker directory.
-- Keys are accent-folded, lower-case names (bot.nlp.speakers.speaker_key); prefix search for
-- autocomplete runs as a range scan on speaker_aliases (alias_key >= ? AND alias_key < ?).

CREATE TABLE speakers (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    name_key       TEXT NOT NULL UNIQUE,
    surname_key    TEXT NOT NULL,
    is_org         INTEGER NOT NULL DEFAULT 0,
    role           TEXT,
    quote_count    INTEGER NOT NULL DEFAULT 0,
    last_quoted_at TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX speakers_surname ON speakers (surname_key);
CREATE INDEX speakers_popular ON speakers (quote_count DESC, id);

CREATE TABLE speaker_aliases (
    alias_key  TEXT NOT NULL,
    speaker_id INTEGER NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    PRIMARY KEY (alias_key, speaker_id)
);
CREATE INDEX speaker_aliases_speaker ON speaker_aliases (speaker_id);

CREATE TABLE quotes (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    speaker_id    INTEGER REFERENCES speakers (id) ON DELETE SET NULL,
    speaker_name  TEXT,
    text          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('direct', 'indirect')),
    cue           TEXT,
    role          TEXT,
    start_offset  INTEGER NOT NULL,
    end_offset    INTEGER NOT NULL,
    partial       INTEGER NOT NULL DEFAULT 0,
    published_at  TEXT NOT NULL
);
CREATE INDEX quotes_article ON quotes (article_id, start_offset);
CREATE INDEX quotes_speaker_published ON quotes (speaker_id, published_at DESC, id DESC);
CREATE INDEX quotes_published_speaker ON quotes (published_at, speaker_id);

-- quote_count counts complete (non-partial) quotes; kept exact when articles are deleted.
CREATE TRIGGER quotes_count_insert AFTER INSERT ON quotes
WHEN NEW.speaker_id IS NOT NULL AND NEW.partial = 0
BEGIN
    UPDATE speakers SET quote_count = quote_count + 1,
        last_quoted_at = CASE WHEN last_quoted_at IS NULL OR last_quoted_at < NEW.published_at
                              THEN NEW.published_at ELSE last_quoted_at END
    WHERE id = NEW.speaker_id;
END;

CREATE TRIGGER quotes_count_delete AFTER DELETE ON quotes
WHEN OLD.speaker_id IS NOT NULL AND OLD.partial = 0
BEGIN
    UPDATE speakers SET quote_count = quote_count - 1 WHERE id = OLD.speaker_id;
END;

CREATE TRIGGER quotes_count_move AFTER UPDATE OF speaker_id ON quotes
WHEN OLD.partial = 0 AND OLD.speaker_id IS NOT NEW.speaker_id
BEGIN
    UPDATE speakers SET quote_count = quote_count - 1 WHERE id = OLD.speaker_id;
    UPDATE speakers SET quote_count = quote_count + 1 WHERE id = NEW.speaker_id;
END;
