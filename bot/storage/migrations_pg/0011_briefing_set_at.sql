-- newsbot schema, version 11 (PostgreSQL): when the daily briefing was last set up.
ALTER TABLE guild_settings ADD COLUMN briefing_set_at text;
