-- newsbot schema, version 17: the title index also keeps the doclists of every 4-letter prefix.
-- A 4-letter word being typed ("over", "cont") matched hundreds of thousands of titles in a
-- million-article archive, and without a prefix index of that length FTS5 merged the doclists of
-- every word starting with it at each lookup (tens of ms); 2- and 3-letter prefixes were indexed
-- since migration 0016. Longer prefixes match far fewer titles and stay unindexed. The table is
-- contentless, so it is filled again from the titles (the expression of migration 0009 and
-- bot/storage/text_index.py); its delete and update triggers name the table and keep working.
DROP TABLE article_titles_fts;
CREATE VIRTUAL TABLE article_titles_fts USING fts5 (
    words,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);
INSERT INTO article_titles_fts (rowid, words)
SELECT id, title || ' ' ||
    replace(replace(replace(replace(replace(replace(title, '''', ''), '’', ''), '‘', ''), '-', ''), '‐', ''), '.', '')
FROM articles ORDER BY id;
