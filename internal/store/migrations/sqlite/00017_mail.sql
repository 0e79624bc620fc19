-- +goose Up
-- Mail that is never lost: a notification to be e-mailed is queued here in
-- the transaction that writes it; the leading process delivers it, retrying
-- with backoff, and marks it sent once the server has taken it.
CREATE TABLE mail_outbox (
    notification_id TEXT PRIMARY KEY REFERENCES notifications (id),
    user_id         TEXT NOT NULL REFERENCES users (id),
    to_address      TEXT NOT NULL,
    kind            TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at DATETIME NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL,
    sent_at         DATETIME
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (status, next_attempt_at);

-- The kinds of notification a user does not want by e-mail (in the app they still come).
CREATE TABLE mail_preferences (
    user_id TEXT NOT NULL REFERENCES users (id),
    kind    TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- +goose Down
DROP TABLE mail_preferences;
DROP TABLE mail_outbox;
