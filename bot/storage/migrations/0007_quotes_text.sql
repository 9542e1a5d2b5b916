-- newsbot schema, version 7: find quotes by their words ("/news quotes text:"), accent- and
-- case-insensitive. An external-content FTS5 index over quotes.text, kept in step by triggers and
-- filled from the quotes already stored (nothing is lost or rewritten on upgrade).

CREATE VIRTUAL TABLE quotes_fts USING fts5 (
    text,
    content = 'quotes', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO quotes_fts (rowid, text) VALUES (new.id, new.text);
END;
INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild');
