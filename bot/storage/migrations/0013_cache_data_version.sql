-- newsbot schema, version 13: nothing to change on SQLite. PostgreSQL's migration of the same
-- number adds the counter that stands in for SQLite's PRAGMA data_version (see
-- migrations_pg/0013_cache_data_version.sql); the numbers stay the same on both engines.
SELECT 1;
