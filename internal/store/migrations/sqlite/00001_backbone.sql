-- +goose Up
CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL CHECK (type IN ('enterprise','research_institute','university','government','financial','other')),
    tier        TEXT NOT NULL DEFAULT '',
    credit_code TEXT NOT NULL DEFAULT '',
    country     TEXT NOT NULL DEFAULT 'CN',
    district    TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('pending','verified')),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX organizations_credit_code_key ON organizations (credit_code) WHERE credit_code <> '';
CREATE INDEX organizations_type_idx ON organizations (type, id);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('enterprise','institute','program_manager','expert','admin')),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    disabled        BOOLEAN NOT NULL DEFAULT FALSE,
    password_hash   TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE INDEX users_organization_idx ON users (organization_id);
CREATE INDEX users_role_idx ON users (role);

CREATE TABLE refresh_tokens (
    id          TEXT PRIMARY KEY,
    family_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id),
    token_hash  TEXT NOT NULL UNIQUE,
    expires_at  DATETIME NOT NULL,
    used_at     DATETIME,
    revoked_at  DATETIME,
    created_at  DATETIME NOT NULL
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

CREATE TABLE fields (
    id           TEXT PRIMARY KEY,
    parent_id    TEXT REFERENCES fields (id),
    name         TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    priority_315 BOOLEAN NOT NULL DEFAULT FALSE,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);

CREATE TABLE categories (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE districts (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE audit_records (
    seq         INTEGER PRIMARY KEY,
    occurred_at DATETIME NOT NULL,
    actor_id    TEXT NOT NULL,
    actor_role  TEXT NOT NULL,
    actor_org   TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    client_ip   TEXT NOT NULL,
    request_id  TEXT NOT NULL,
    changes     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_records_entity_idx ON audit_records (entity, entity_id, seq);
CREATE INDEX audit_records_actor_idx ON audit_records (actor_id, seq);
CREATE INDEX audit_records_action_idx ON audit_records (action, seq);

-- The trail is append-only: the application cannot edit or remove a record.
-- +goose StatementBegin
CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
-- +goose StatementEnd

CREATE TABLE idempotency_keys (
    user_id      TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL DEFAULT '',
    body         BLOB,
    created_at   DATETIME NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);

-- +goose Down
DROP TABLE idempotency_keys;
DROP TABLE audit_records;
DROP TABLE districts;
DROP TABLE categories;
DROP TABLE fields;
DROP TABLE refresh_tokens;
DROP TABLE users;
DROP TABLE organizations;
