-- newsbot schema, version 9 (PostgreSQL): title lookup for article autocomplete and `article:` values.
-- SQLite: the contentless article_titles_fts table. Here: a tsvector column of the title as written
-- plus the title with its in-word punctuation removed ("Velden's" also as "veldens"), the same
-- expression as the SQLite triggers, kept by a trigger and filled for existing rows.
ALTER TABLE articles ADD COLUMN title_words tsvector;

CREATE FUNCTION article_title_words(title text) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
    SELECT to_tsvector('newsbot_simple', title || ' ' ||
        replace(replace(replace(replace(replace(replace(title, '''', ''), '’', ''), '‘', ''), '-', ''), '‐', ''), '.', ''))
$$;

CREATE FUNCTION articles_title_words_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.title_words := article_title_words(NEW.title);
    RETURN NEW;
END $$;
CREATE TRIGGER articles_title_words_insert BEFORE INSERT ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_title_words_refresh();
CREATE TRIGGER articles_title_words_update BEFORE UPDATE OF title ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_title_words_refresh();

UPDATE articles SET title_words = article_title_words(title);
CREATE INDEX articles_title_words ON articles USING gin (title_words);
