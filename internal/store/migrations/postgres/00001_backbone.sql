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
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
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
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX users_organization_idx ON users (organization_id);
CREATE INDEX users_role_idx ON users (role);

CREATE TABLE refresh_tokens (
    id          TEXT PRIMARY KEY,
    family_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id),
    token_hash  TEXT NOT NULL UNIQUE,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL
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
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
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
    seq         BIGINT PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL,
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
CREATE FUNCTION audit_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_records_no_change BEFORE UPDATE OR DELETE ON audit_records
    FOR EACH ROW EXECUTE FUNCTION audit_records_append_only();
CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
    FOR EACH STATEMENT EXECUTE FUNCTION audit_records_append_only();

CREATE TABLE idempotency_keys (
    user_id      TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL DEFAULT '',
    body         BYTEA,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);

-- +goose Down
DROP TABLE idempotency_keys;
DROP TABLE audit_records;
DROP FUNCTION audit_records_append_only();
DROP TABLE districts;
DROP TABLE categories;
DROP TABLE fields;
DROP TABLE refresh_tokens;
DROP TABLE users;
DROP TABLE organizations;
