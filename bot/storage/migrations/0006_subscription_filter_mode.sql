-- newsbot schema, version 6: a subscription's keywords can look at the title only.
-- 0 (the default, what every existing subscription did): title and text.
ALTER TABLE subscriptions ADD COLUMN filter_title_only INTEGER NOT NULL DEFAULT 0;
