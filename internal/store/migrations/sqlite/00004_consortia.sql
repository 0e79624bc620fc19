-- +goose Up
CREATE TABLE consortia (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    model        TEXT NOT NULL CHECK (model IN ('task_oriented','equity_linked','grant_to_investment')),
    field_id     TEXT REFERENCES fields (id),
    description  TEXT NOT NULL DEFAULT '',
    lead_org_id  TEXT NOT NULL REFERENCES organizations (id),
    status       TEXT NOT NULL CHECK (status IN ('forming','active','dissolved')),
    approved_at  DATETIME,
    dissolved_at DATETIME,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE INDEX consortia_lead_idx ON consortia (lead_org_id, id);
CREATE INDEX consortia_status_idx ON consortia (status, id);

-- Membership keeps its history: one row per invitation, from invited to
-- declined, or active to left/removed. Equity in basis points (1/100 of a percent).
CREATE TABLE consortium_members (
    id              TEXT PRIMARY KEY,
    consortium_id   TEXT NOT NULL REFERENCES consortia (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    role            TEXT NOT NULL CHECK (role IN ('lead','upstream','downstream','research','university','finance')),
    equity_bp       INTEGER NOT NULL DEFAULT 0 CHECK (equity_bp BETWEEN 0 AND 10000),
    status          TEXT NOT NULL CHECK (status IN ('invited','active','declined','left','removed')),
    invited_at      DATETIME NOT NULL,
    joined_at       DATETIME,
    ended_at        DATETIME,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE UNIQUE INDEX consortium_members_live_key ON consortium_members (consortium_id, organization_id) WHERE status IN ('invited','active');
CREATE INDEX consortium_members_org_idx ON consortium_members (organization_id, status);
CREATE INDEX consortium_members_consortium_idx ON consortium_members (consortium_id, id);

-- +goose Down
DROP TABLE consortium_members;
DROP TABLE consortia;
