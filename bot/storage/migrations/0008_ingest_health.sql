-- newsbot schema, version 7: real feeds and pages (issue 17).
-- Pages that could not be fetched yet (503, time-out, a 404 announced early): the article is
-- stored with its teaser and its page is fetched again with back-off until it arrives or the
-- tries run out. Deleting the article drops its row.
CREATE TABLE pending_pages (
    article_id      INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    feed_id         INTEGER REFERENCES feeds (id) ON DELETE SET NULL,
    url             TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 1,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX pending_pages_due ON pending_pages (next_attempt_at);

-- What the last poll did ("3 stored, 1 skipped (no title × 1)"), shown by feed lists.
ALTER TABLE feeds ADD COLUMN last_report TEXT;

-- Why an item of a feed was skipped (NULL when it was stored).
ALTER TABLE feed_items ADD COLUMN skip_reason TEXT;

-- 1 when no plausible publication date was found and the fetch time stands in for it.
ALTER TABLE articles ADD COLUMN undated INTEGER NOT NULL DEFAULT 0;
