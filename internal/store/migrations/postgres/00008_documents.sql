-- +goose Up
-- Documents (附件): the metadata of files kept in object storage. A row is
-- written only after its bytes are stored; the bytes are found by
-- storage_key. A document belongs to exactly one parent, named by type and id
-- (the parents live in several tables, so the link is checked by the
-- service that answers for the parent, not by a foreign key).
CREATE TABLE documents (
    id              TEXT PRIMARY KEY,
    parent_type     TEXT NOT NULL CHECK (parent_type IN ('challenge','bid','project','change_request','report','scenario_application')),
    parent_id       TEXT NOT NULL,
    name            TEXT NOT NULL,
    media_type      TEXT NOT NULL,
    size            BIGINT NOT NULL CHECK (size > 0),
    sha256          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    storage_key     TEXT NOT NULL UNIQUE,
    uploaded_by     TEXT NOT NULL REFERENCES users (id),
    uploader_org_id TEXT NOT NULL REFERENCES organizations (id),
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX documents_parent_idx ON documents (parent_type, parent_id, id);

-- +goose Down
DROP TABLE documents;
