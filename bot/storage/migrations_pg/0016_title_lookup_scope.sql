-- newsbot schema, version 16 (PostgreSQL): the scope checks of a server's queries read indexes only.
-- SQLite's migration of the same number also rebuilds its title index with prefixes and adds an
-- index on the title's first character; PostgreSQL keeps its title_words GIN index and the
-- lower(title) index (articles_title_nocase), and the planner joins the reader's feeds.
--
-- Is an article in the reader's feeds: one probe of (article_id, feed_id).
DROP INDEX article_sources_article;
CREATE INDEX article_sources_article ON article_sources (article_id, feed_id);
-- The ids of a server's articles, from the index alone (a small server in a large archive).
CREATE INDEX article_sources_feed_article ON article_sources (feed_id, article_id);
