-- +goose Up
-- After the award (issue 12): measurable KPIs with their history of actual
-- values, change requests, periodic reports, the outputs register and
-- disbursements. The KPIs' numbers are read from their old text by the Go
-- migration 10 (the text stays, for the record).
-- A stage move cites the project's documents as its evidence.
ALTER TABLE project_stage_history ADD COLUMN document_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE projects ADD COLUMN proposed_budget INTEGER NOT NULL DEFAULT 0;

ALTER TABLE kpis ADD COLUMN target_value REAL NOT NULL DEFAULT 0;
ALTER TABLE kpis ADD COLUMN actual_value REAL;
ALTER TABLE kpis ADD COLUMN direction TEXT NOT NULL DEFAULT 'at_least' CHECK (direction IN ('at_least','at_most'));

CREATE TABLE kpi_actuals (
    id          TEXT PRIMARY KEY,
    kpi_id      TEXT NOT NULL REFERENCES kpis (id),
    project_id  TEXT NOT NULL REFERENCES projects (id),
    value       REAL NOT NULL,
    date        TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL REFERENCES users (id),
    created_at  DATETIME NOT NULL
);
CREATE INDEX kpi_actuals_kpi_idx ON kpi_actuals (kpi_id, date, id);

CREATE TABLE change_requests (
    id              TEXT PRIMARY KEY,
    project_id      TEXT NOT NULL REFERENCES projects (id),
    status          TEXT NOT NULL CHECK (status IN ('pending','approved','rejected','withdrawn')),
    reason          TEXT NOT NULL,
    changes         TEXT NOT NULL,
    project_version INTEGER NOT NULL,
    decision_reason TEXT NOT NULL DEFAULT '',
    requested_by    TEXT NOT NULL REFERENCES users (id),
    decided_by      TEXT REFERENCES users (id),
    decided_at      DATETIME,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE INDEX change_requests_project_idx ON change_requests (project_id, id);
-- At most one pending request per project, whatever races.
CREATE UNIQUE INDEX change_requests_one_pending_idx ON change_requests (project_id) WHERE status = 'pending';

CREATE TABLE reports (
    id            TEXT PRIMARY KEY,
    project_id    TEXT NOT NULL REFERENCES projects (id),
    kind          TEXT NOT NULL CHECK (kind IN ('interim','annual','final')),
    title         TEXT NOT NULL,
    due_date      TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('due','submitted','accepted','returned')),
    text          TEXT NOT NULL DEFAULT '',
    kpi_actuals   TEXT NOT NULL DEFAULT '[]',
    spent         INTEGER,
    return_reason TEXT NOT NULL DEFAULT '',
    submitted_at  DATETIME,
    decided_at    DATETIME,
    reminded_at   DATETIME,
    created_by    TEXT NOT NULL REFERENCES users (id),
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE INDEX reports_project_idx ON reports (project_id, due_date, id);
-- The reminder sweep's and the figures' look-up: reports still to be submitted, by due date.
CREATE INDEX reports_open_idx ON reports (due_date, id) WHERE status IN ('due','returned');

CREATE TABLE outputs (
    id         TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id),
    type       TEXT NOT NULL CHECK (type IN ('patent','paper','standard','software','product','award','other')),
    title      TEXT NOT NULL,
    reference  TEXT NOT NULL DEFAULT '',
    date       TEXT NOT NULL,
    landmark   BOOLEAN NOT NULL DEFAULT FALSE,
    created_by TEXT NOT NULL REFERENCES users (id),
    version    INTEGER NOT NULL DEFAULT 1,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX outputs_project_idx ON outputs (project_id, id);

CREATE TABLE disbursements (
    id              TEXT PRIMARY KEY,
    funding_line_id TEXT NOT NULL REFERENCES funding_lines (id),
    project_id      TEXT NOT NULL REFERENCES projects (id),
    amount          INTEGER NOT NULL CHECK (amount > 0),
    date            TEXT NOT NULL,
    document_id     TEXT REFERENCES documents (id),
    created_by      TEXT NOT NULL REFERENCES users (id),
    created_at      DATETIME NOT NULL
);
CREATE INDEX disbursements_line_idx ON disbursements (funding_line_id, id);

-- +goose Down
DROP TABLE disbursements;
DROP TABLE outputs;
DROP TABLE reports;
DROP TABLE change_requests;
DROP TABLE kpi_actuals;
ALTER TABLE kpis DROP COLUMN direction;
ALTER TABLE kpis DROP COLUMN actual_value;
ALTER TABLE kpis DROP COLUMN target_value;
ALTER TABLE projects DROP COLUMN proposed_budget;
ALTER TABLE project_stage_history DROP COLUMN document_ids;
