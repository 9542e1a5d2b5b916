-- Newest stories of a set of feeds without scanning the archive: per-feed index over the sources.
CREATE INDEX IF NOT EXISTS article_sources_feed ON article_sources (feed_id, id DESC);
