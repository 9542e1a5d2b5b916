-- newsbot schema, version 16: article autocomplete and the scope checks of a server's queries read
-- indexes only, newest first, and stop as soon as they have enough (bot/index/titles.py).
--
-- The title index keeps the doclists of every 2- and 3-letter prefix: a word being typed ("le",
-- "th") no longer merges the doclists of every word starting with it, twice per lookup. The table
-- is contentless, so it is filled again from the titles (the same expression as migration 0009;
-- its triggers name the table and keep working).
DROP TABLE article_titles_fts;
CREATE VIRTUAL TABLE article_titles_fts USING fts5 (
    words,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
INSERT INTO article_titles_fts (rowid, words)
SELECT id, title || ' ' ||
    replace(replace(replace(replace(replace(replace(title, '''', ''), '’', ''), '‘', ''), '-', ''), '‐', ''), '.', '')
FROM articles;

-- One letter typed: the titles starting with it, newest first (the title's first character, NOCASE
-- like the range over articles_title_nocase it replaces, then the rowid).
CREATE INDEX articles_title_initial ON articles (substr(title, 1, 1) COLLATE NOCASE);

-- Is an article in the reader's feeds: one probe of (article_id, feed_id), without reading the row.
DROP INDEX article_sources_article;
CREATE INDEX article_sources_article ON article_sources (article_id, feed_id);
-- The ids of a server's articles, read from the index alone (a small server in a large archive).
CREATE INDEX article_sources_feed_article ON article_sources (feed_id, article_id);
