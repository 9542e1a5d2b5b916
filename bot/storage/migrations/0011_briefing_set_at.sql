-- newsbot schema, version 11: when the daily briefing was last set up. A slot whose time had already
-- passed then is skipped, not posted at once as "late" (NULL: set up before this column existed).
ALTER TABLE guild_settings ADD COLUMN briefing_set_at TEXT;
