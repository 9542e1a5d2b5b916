-- How each subscription's stories arrive (issue 22); see the SQLite migration for the details.
CREATE TABLE subscription_formats (
    subscription_id bigint PRIMARY KEY REFERENCES subscriptions (id) ON DELETE CASCADE,
    style           text NOT NULL DEFAULT 'full',
    colour          bigint,
    template        text,
    thread          bigint NOT NULL DEFAULT 0,
    webhook_name    text,
    webhook_avatar  text,
    forum_tags      text NOT NULL DEFAULT '[]',
    cap_per_hour    bigint,
    updated_at      text NOT NULL
);

CREATE TABLE channel_webhooks (
    channel_id  bigint PRIMARY KEY,
    webhook_id  bigint NOT NULL,
    token       text NOT NULL,
    created_at  text NOT NULL
);

CREATE TABLE thread_updates (
    delivery_id bigint NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    report_key  text NOT NULL,
    message_id  bigint,
    created_at  text NOT NULL,
    PRIMARY KEY (delivery_id, report_key)
);

ALTER TABLE deliveries ADD COLUMN thread_id bigint;
ALTER TABLE deliveries ADD COLUMN folded bigint NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN held bigint NOT NULL DEFAULT 0;
CREATE INDEX deliveries_subscription_sent ON deliveries (subscription_id, sent_at);
