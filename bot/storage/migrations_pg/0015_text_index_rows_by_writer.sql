-- newsbot schema, version 15 (PostgreSQL): nothing to change. On SQLite the full-text rows of new
-- articles and quotes are now written by the storing code instead of INSERT triggers (FTS5 segments,
-- see migrations/0015); PostgreSQL's search columns are still filled as rows arrive.
SELECT 1;
