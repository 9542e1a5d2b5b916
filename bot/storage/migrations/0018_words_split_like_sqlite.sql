-- newsbot schema, version 18: nothing to change. On PostgreSQL the search columns are computed again
-- with every ASCII punctuation character read as a separator, as SQLite's unicode61 tokenizer reads it
-- (migrations_pg/0018: "U.S.", "covid-19" and "Amazon.com" were words of their own there).
SELECT 1;
