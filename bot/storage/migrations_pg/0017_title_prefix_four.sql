-- newsbot schema, version 17 (PostgreSQL): nothing to change. On SQLite the title index now also
-- keeps 4-letter prefixes (FTS5 prefix indexes, see migrations/0017); PostgreSQL's title_words GIN
-- index has no prefix-length setting (a prefix query, "over:*", is a partial match over the
-- index's sorted keys).
SELECT 1;
