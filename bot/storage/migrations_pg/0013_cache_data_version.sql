-- newsbot schema, version 13 (PostgreSQL): a counter that moves whenever articles are deleted.
-- The related index's in-memory WalkCache (bot/index/related_cache.py) must drop its copy when
-- rows it mirrors go away. SQLite tells it through PRAGMA data_version (another connection
-- committed) plus the corpus size N; PostgreSQL has no data version, and N does not move when
-- articles are deleted without the index being told (another process, a raw DELETE). A sequence
-- (not transactional, so no row to contend on and nothing for `db copy` to copy) is advanced by
-- every DELETE statement on articles; the cache reads its last value.
CREATE SEQUENCE newsbot_data_version;

CREATE FUNCTION newsbot_data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('newsbot_data_version');
    RETURN NULL;
END $$;

CREATE TRIGGER articles_delete_bumps_data_version AFTER DELETE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION newsbot_data_version_bump();
