-- +goose Up
-- A funding line replaced by a 拨改投 conversion stays for the record but no longer counts.
ALTER TABLE funding_lines ADD COLUMN replaced_at DATETIME;
CREATE INDEX projects_created_idx ON projects (created_at);
CREATE INDEX projects_consortium_idx ON projects (consortium_id, id);

CREATE TABLE milestones (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects (id),
    title       TEXT NOT NULL,
    due_date    TEXT NOT NULL,
    stage       TEXT NOT NULL CHECK (stage IN ('research','validation','industrialization')),
    deliverable TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('planned','done','accepted')),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);
CREATE INDEX milestones_project_idx ON milestones (project_id, id);

CREATE TABLE kpis (
    id         TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id),
    name       TEXT NOT NULL,
    target     TEXT NOT NULL,
    actual     TEXT NOT NULL DEFAULT '',
    unit       TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX kpis_project_idx ON kpis (project_id, id);

CREATE TABLE scenarios (
    id             TEXT PRIMARY KEY,
    provider_id    TEXT NOT NULL REFERENCES organizations (id),
    title          TEXT NOT NULL,
    description    TEXT NOT NULL,
    field_id       TEXT REFERENCES fields (id),
    capacity       TEXT NOT NULL DEFAULT '',
    available_from TEXT NOT NULL,
    available_to   TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL
);
CREATE INDEX scenarios_provider_idx ON scenarios (provider_id, id);

CREATE TABLE scenario_applications (
    id          TEXT PRIMARY KEY,
    scenario_id TEXT NOT NULL REFERENCES scenarios (id),
    project_id  TEXT NOT NULL REFERENCES projects (id),
    plan        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending','accepted','declined')),
    result      TEXT NOT NULL DEFAULT '' CHECK (result IN ('','passed','failed')),
    report      TEXT NOT NULL DEFAULT '',
    decided_at  DATETIME,
    reported_at DATETIME,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);
CREATE INDEX scenario_applications_project_idx ON scenario_applications (project_id, id);
CREATE INDEX scenario_applications_scenario_idx ON scenario_applications (scenario_id, id);
-- One live application of a project to a scenario.
CREATE UNIQUE INDEX scenario_applications_live_key ON scenario_applications (scenario_id, project_id) WHERE status <> 'declined';

-- +goose Down
DROP TABLE scenario_applications;
DROP TABLE scenarios;
DROP TABLE kpis;
DROP TABLE milestones;
DROP INDEX projects_consortium_idx;
DROP INDEX projects_created_idx;
ALTER TABLE funding_lines DROP COLUMN replaced_at;
