-- newsbot schema, version 3: related headlines and same-story detection.
-- Everything is maintained at ingest by RelatedRepository.index_article, so that answering
-- "related to X" reads one precomputed list instead of scanning the archive.

-- Vocabulary of key terms and entity features ('@name') with their document frequency.
-- The empty term counts the indexed articles (the N of IDF), so that one upsert per article
-- returns every df it needs and N together.
CREATE TABLE related_vocab (
    id   INTEGER PRIMARY KEY,
    term TEXT NOT NULL UNIQUE,
    df   INTEGER NOT NULL DEFAULT 0
);

-- Each article's whole feature vector (packed int32 ids + uint16 weights), to score candidates,
-- its shingle sketch (packed uint32, to recognise follow-ups without reading texts), and the
-- corpus size when it was weighted (articles weighted on a young corpus are refreshed).
CREATE TABLE related_vectors (
    article_id INTEGER PRIMARY KEY,
    data       BLOB NOT NULL,
    sketch     BLOB NOT NULL DEFAULT x'',
    indexed_n  INTEGER NOT NULL
);
CREATE INDEX related_vectors_indexed_n ON related_vectors (indexed_n);

-- The top features of each article (IDF-weighted, L2-normalised, weight x 10000).
-- Walked newest first per term, capped, to find candidates for a new article.
CREATE TABLE related_postings (
    term_id    INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    weight     INTEGER NOT NULL,
    PRIMARY KEY (term_id, article_id)
) WITHOUT ROWID;

-- MinHash LSH band keys, to find near-duplicates of a new article without a scan.
CREATE TABLE related_bands (
    band_key   INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    PRIMARY KEY (band_key, article_id)
) WITHOUT ROWID;

-- The precomputed related list of each article: JSON [[other_id, score], ...] best first,
-- with its length and weakest score so that a newer article knows whether it gets in.
CREATE TABLE related_lists (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    items      TEXT NOT NULL DEFAULT '[]',
    n_items    INTEGER NOT NULL DEFAULT 0,
    min_score  REAL NOT NULL DEFAULT 0
);
INSERT INTO related_vocab (term, df) VALUES ('', 0);
