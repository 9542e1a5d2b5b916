-- newsbot schema, version 7 (PostgreSQL): find quotes by their words, accent- and case-insensitive.
-- SQLite: the quotes_fts table; here a tsvector column kept by a trigger, filled for existing rows.
ALTER TABLE quotes ADD COLUMN search tsvector;

CREATE FUNCTION quotes_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := to_tsvector('newsbot_simple', NEW.text);
    RETURN NEW;
END $$;
CREATE TRIGGER quotes_search_insert BEFORE INSERT ON quotes
    FOR EACH ROW EXECUTE FUNCTION quotes_search_refresh();
CREATE TRIGGER quotes_search_update BEFORE UPDATE OF text ON quotes
    FOR EACH ROW EXECUTE FUNCTION quotes_search_refresh();

UPDATE quotes SET search = to_tsvector('newsbot_simple', text);
CREATE INDEX quotes_search ON quotes USING gin (search);
