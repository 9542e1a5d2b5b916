-- The writer counts an article's quotes into speakers.quote_count itself (see the SQLite migration);
-- the insert trigger goes, the delete and move triggers stay.
DROP TRIGGER quotes_count_insert ON quotes;
DROP FUNCTION quotes_count_insert();
