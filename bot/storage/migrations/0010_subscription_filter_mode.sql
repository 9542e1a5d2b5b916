-- newsbot schema, version 10: a subscription's keywords can look at the title only.
-- 0 (the default, what every existing subscription did): title and text.
ALTER TABLE subscriptions ADD COLUMN filter_title_only INTEGER NOT NULL DEFAULT 0;
-- The newest article source when the subscription was made: sources after it arrived after the
-- subscription (the backlog before it is never posted). NULL for older subscriptions.
ALTER TABLE subscriptions ADD COLUMN first_source_id INTEGER;
