-- newsbot schema, version 9: title lookup for article autocomplete and `article:` values.
-- Each title is indexed as written and with its in-word punctuation removed ("Velden's" also as
-- "veldens", "COVID-19" also as "covid19"), so words typed with or without that punctuation
-- find it; accents and case are folded by the tokenizer. Contentless: only rowids are stored,
-- the title itself stays in articles. The joined form is the same expression everywhere below.

CREATE VIRTUAL TABLE article_titles_fts USING fts5 (
    words,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER article_titles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_titles_fts (rowid, words) VALUES (new.id, new.title || ' ' ||
        replace(replace(replace(replace(replace(replace(new.title, '''', ''), '’', ''), '‘', ''), '-', ''), '‐', ''), '.', ''));
END;

CREATE TRIGGER article_titles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO article_titles_fts (article_titles_fts, rowid, words) VALUES ('delete', old.id, old.title || ' ' ||
        replace(replace(replace(replace(replace(replace(old.title, '''', ''), '’', ''), '‘', ''), '-', ''), '‐', ''), '.', ''));
END;

CREATE TRIGGER article_titles_fts_update AFTER UPDATE OF title ON articles BEGIN
    INSERT INTO article_titles_fts (article_titles_fts, rowid, words) VALUES ('delete', old.id, old.title || ' ' ||
        replace(replace(replace(replace(replace(replace(old.title, '''', ''), '’', ''), '‘', ''), '-', ''), '‐', ''), '.', ''));
    INSERT INTO article_titles_fts (rowid, words) VALUES (new.id, new.title || ' ' ||
        replace(replace(replace(replace(replace(replace(new.title, '''', ''), '’', ''), '‘', ''), '-', ''), '‐', ''), '.', ''));
END;

INSERT INTO article_titles_fts (rowid, words)
SELECT id, title || ' ' ||
    replace(replace(replace(replace(replace(replace(title, '''', ''), '’', ''), '‘', ''), '-', ''), '‐', ''), '.', '')
FROM articles;
