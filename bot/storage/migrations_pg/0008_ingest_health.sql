-- newsbot schema, version 8 (PostgreSQL): real feeds and pages (issue 17); see the SQLite migration.
CREATE TABLE pending_pages (
    article_id      bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    feed_id         bigint REFERENCES feeds (id) ON DELETE SET NULL,
    url             text NOT NULL,
    attempts        bigint NOT NULL DEFAULT 1,
    next_attempt_at text NOT NULL,
    last_error      text,
    created_at      text NOT NULL
);
CREATE INDEX pending_pages_due ON pending_pages (next_attempt_at);

ALTER TABLE feeds ADD COLUMN last_report text;
ALTER TABLE feed_items ADD COLUMN skip_reason text;
ALTER TABLE articles ADD COLUMN undated bigint NOT NULL DEFAULT 0;
