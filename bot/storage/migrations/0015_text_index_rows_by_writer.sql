-- newsbot schema, version 15: new articles' and quotes' full-text rows are written by the code
-- that stores them (bot/storage/text_index.py), no longer by per-row INSERT triggers. SQLite's
-- FTS5 (3.40) writes its pending terms to a new index segment at every savepoint, and every
-- statement writing an article or its quotes opens one, so the triggers left one segment per
-- article in each of the three indexes, to be merged later. The batch writer now fills the three
-- indexes with one statement each per batch. The delete and update triggers stay; the rows
-- already indexed are kept as they are.
DROP TRIGGER articles_fts_insert;
DROP TRIGGER article_titles_fts_insert;
DROP TRIGGER quotes_fts_insert;
