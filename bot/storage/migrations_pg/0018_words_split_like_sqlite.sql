-- newsbot schema, version 18 (PostgreSQL): words split where SQLite's tokenizer splits them.
-- PostgreSQL's text search parser reads hosts, file paths, e-mails, versions, signed numbers and
-- hyphenated words as tokens of their own: "U.S." was the word 'u.s', "covid-19" 'covid' and '-19',
-- "Amazon.com" 'amazon.com', so the searches "U.S.", "covid-19" and "amazon" (their words as
-- SQLite's unicode61 tokenizer cuts them: 'u' 's', 'covid' '19', 'amazon') missed those articles,
-- and markup-like text ("<" …) could hide whole paragraphs in one blank token. Every ASCII
-- punctuation character is a separator for unicode61: newsbot_words() makes it a space before
-- PostgreSQL parses the text. Non-ASCII punctuation (’ « » —) separates words under a UTF-8 LC_CTYPE
-- (README: the database's character type). The search columns of every article and quote are
-- computed again, in this migration's transaction: 3 minutes for 90,000 articles and 1.4 million quotes
-- on a 2-core machine (about half an hour per million articles), the bot stopped meanwhile.
CREATE FUNCTION newsbot_words(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT translate(t, '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')
$$;

CREATE OR REPLACE FUNCTION articles_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := setweight(to_tsvector('newsbot_simple', newsbot_words(NEW.title)), 'A')
               || setweight(to_tsvector('newsbot_simple', newsbot_words(NEW.text)), 'B');
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION article_title_words(title text) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
    SELECT to_tsvector('newsbot_simple', newsbot_words(title || ' ' ||
        replace(replace(replace(replace(replace(replace(title, '''', ''), '’', ''), '‘', ''), '-', ''), '‐', ''), '.', '')))
$$;

CREATE OR REPLACE FUNCTION quotes_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := to_tsvector('newsbot_simple', newsbot_words(NEW.text));
    RETURN NEW;
END $$;

UPDATE articles SET
    search = setweight(to_tsvector('newsbot_simple', newsbot_words(title)), 'A')
          || setweight(to_tsvector('newsbot_simple', newsbot_words(text)), 'B'),
    title_words = article_title_words(title);
UPDATE quotes SET search = to_tsvector('newsbot_simple', newsbot_words(text));
