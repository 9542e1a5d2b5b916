-- newsbot schema, version 10 (PostgreSQL): a subscription's keywords can look at the title only.
ALTER TABLE subscriptions ADD COLUMN filter_title_only bigint NOT NULL DEFAULT 0;
ALTER TABLE subscriptions ADD COLUMN first_source_id bigint;
