-- +goose Up
CREATE TABLE challenges (
    id                    TEXT PRIMARY KEY,
    owner_id              TEXT NOT NULL REFERENCES organizations (id),
    created_by            TEXT NOT NULL REFERENCES users (id),
    title                 TEXT NOT NULL,
    problem               TEXT NOT NULL DEFAULT '',
    indicators            TEXT NOT NULL DEFAULT '[]',
    deliverables          TEXT NOT NULL DEFAULT '',
    field_id              TEXT REFERENCES fields (id),
    enterprise_commitment INTEGER NOT NULL DEFAULT 0,
    requested_support     INTEGER NOT NULL DEFAULT 0,
    duration_months       INTEGER NOT NULL DEFAULT 0,
    ip_terms              TEXT NOT NULL DEFAULT '',
    trl_start             INTEGER NOT NULL DEFAULT 0,
    trl_target            INTEGER NOT NULL DEFAULT 0,
    eligible_org_types    TEXT NOT NULL DEFAULT '[]',
    global_bidding        BOOLEAN NOT NULL DEFAULT FALSE,
    category              TEXT REFERENCES categories (id),
    funding_cap           INTEGER,
    bid_deadline          DATETIME,
    published_at          DATETIME,
    closed_at             DATETIME,
    decided_at            DATETIME,
    status                TEXT NOT NULL CHECK (status IN ('draft','submitted','published','closed','in_review','awarded','failed','rejected','withdrawn','cancelled')),
    status_reason         TEXT NOT NULL DEFAULT '',
    proposed_bid_id       TEXT,
    awarded_bid_id        TEXT,
    project_id            TEXT,
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            DATETIME NOT NULL,
    updated_at            DATETIME NOT NULL
);
CREATE INDEX challenges_status_idx ON challenges (status, id);
CREATE INDEX challenges_owner_idx ON challenges (owner_id, id);
CREATE INDEX challenges_field_idx ON challenges (field_id, id);
CREATE INDEX challenges_open_deadline_idx ON challenges (bid_deadline) WHERE status = 'published';

CREATE TABLE challenge_questions (
    id            TEXT PRIMARY KEY,
    challenge_id  TEXT NOT NULL REFERENCES challenges (id),
    asker_org_id  TEXT NOT NULL REFERENCES organizations (id),
    asker_user_id TEXT NOT NULL REFERENCES users (id),
    text          TEXT NOT NULL,
    answer        TEXT NOT NULL DEFAULT '',
    answered_by   TEXT,
    answered_at   DATETIME,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE INDEX challenge_questions_challenge_idx ON challenge_questions (challenge_id, id);

CREATE TABLE bids (
    id              TEXT PRIMARY KEY,
    challenge_id    TEXT NOT NULL REFERENCES challenges (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    created_by      TEXT NOT NULL REFERENCES users (id),
    summary         TEXT NOT NULL,
    approach        TEXT NOT NULL,
    team            TEXT NOT NULL,
    partner_ids     TEXT NOT NULL DEFAULT '[]',
    budget          INTEGER NOT NULL,
    duration_months INTEGER NOT NULL,
    milestones      TEXT NOT NULL DEFAULT '[]',
    accept_terms    BOOLEAN NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('submitted','withdrawn','awarded','not_awarded')),
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
-- One live bid per organization per challenge (a withdrawn one does not count).
CREATE UNIQUE INDEX bids_one_per_org_key ON bids (challenge_id, organization_id) WHERE status <> 'withdrawn';
CREATE INDEX bids_challenge_idx ON bids (challenge_id, id);
CREATE INDEX bids_org_idx ON bids (organization_id, id);

CREATE TABLE reviewer_assignments (
    challenge_id      TEXT NOT NULL REFERENCES challenges (id),
    expert_id         TEXT NOT NULL REFERENCES users (id),
    assigned_by       TEXT NOT NULL,
    assigned_at       DATETIME NOT NULL,
    conflict_declared BOOLEAN NOT NULL DEFAULT FALSE,
    conflict_reason   TEXT NOT NULL DEFAULT '',
    submitted_at      DATETIME,
    PRIMARY KEY (challenge_id, expert_id)
);
CREATE INDEX reviewer_assignments_expert_idx ON reviewer_assignments (expert_id, challenge_id);

CREATE TABLE bid_scores (
    bid_id       TEXT NOT NULL REFERENCES bids (id),
    expert_id    TEXT NOT NULL REFERENCES users (id),
    challenge_id TEXT NOT NULL REFERENCES challenges (id),
    technical    INTEGER NOT NULL CHECK (technical BETWEEN 0 AND 40),
    feasibility  INTEGER NOT NULL CHECK (feasibility BETWEEN 0 AND 30),
    team         INTEGER NOT NULL CHECK (team BETWEEN 0 AND 20),
    budget       INTEGER NOT NULL CHECK (budget BETWEEN 0 AND 10),
    total        INTEGER NOT NULL,
    comment      TEXT NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL,
    PRIMARY KEY (bid_id, expert_id)
);
CREATE INDEX bid_scores_challenge_idx ON bid_scores (challenge_id, expert_id);

CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    message    TEXT NOT NULL,
    data       TEXT NOT NULL DEFAULT '{}',
    read_at    DATETIME,
    created_at DATETIME NOT NULL
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id);
CREATE INDEX notifications_unread_idx ON notifications (user_id, id) WHERE read_at IS NULL;

CREATE TABLE projects (
    id            TEXT PRIMARY KEY,
    code          TEXT UNIQUE,
    title         TEXT NOT NULL,
    summary       TEXT NOT NULL DEFAULT '',
    category      TEXT REFERENCES categories (id),
    field_id      TEXT REFERENCES fields (id),
    lead_org_id   TEXT NOT NULL REFERENCES organizations (id),
    consortium_id TEXT,
    origin        TEXT NOT NULL CHECK (origin IN ('challenge','application','consortium')),
    challenge_id  TEXT UNIQUE REFERENCES challenges (id),
    stage         TEXT NOT NULL CHECK (stage IN ('proposal','research','validation','industrialization','completed','rejected','terminated')),
    trl           INTEGER NOT NULL DEFAULT 1,
    budget        INTEGER NOT NULL DEFAULT 0,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE INDEX projects_stage_idx ON projects (stage, id);
CREATE INDEX projects_lead_idx ON projects (lead_org_id, id);

CREATE TABLE project_members (
    project_id      TEXT NOT NULL REFERENCES projects (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    role            TEXT NOT NULL CHECK (role IN ('lead','partner','demand_side','scenario_provider','investor')),
    created_at      DATETIME NOT NULL,
    PRIMARY KEY (project_id, organization_id)
);
CREATE INDEX project_members_org_idx ON project_members (organization_id, project_id);

CREATE TABLE funding_lines (
    id                TEXT PRIMARY KEY,
    project_id        TEXT NOT NULL REFERENCES projects (id),
    source            TEXT NOT NULL CHECK (source IN ('municipal','provincial','national','enterprise','investment')),
    amount            INTEGER NOT NULL CHECK (amount >= 0),
    status            TEXT NOT NULL CHECK (status IN ('planned','committed','disbursed')),
    matching          BOOLEAN NOT NULL DEFAULT FALSE,
    milestone_id      TEXT,
    holder_org_id     TEXT REFERENCES organizations (id),
    converted_from_id TEXT REFERENCES funding_lines (id),
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        DATETIME NOT NULL,
    updated_at        DATETIME NOT NULL
);
CREATE INDEX funding_lines_project_idx ON funding_lines (project_id, id);

CREATE TABLE project_stage_history (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects (id),
    from_stage  TEXT NOT NULL,
    to_stage    TEXT NOT NULL,
    actor_id    TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    evidence    TEXT NOT NULL DEFAULT '',
    occurred_at DATETIME NOT NULL
);
CREATE INDEX project_stage_history_project_idx ON project_stage_history (project_id, id);

-- Gap-free project codes per year: the row is locked by the UPDATE until commit.
CREATE TABLE project_code_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

-- +goose Down
DROP TABLE project_code_counters;
DROP TABLE project_stage_history;
DROP TABLE funding_lines;
DROP TABLE project_members;
DROP TABLE projects;
DROP TABLE notifications;
DROP TABLE bid_scores;
DROP TABLE reviewer_assignments;
DROP TABLE bids;
DROP TABLE challenge_questions;
DROP TABLE challenges;
