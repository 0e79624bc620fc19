-- +goose Up
-- The programme's own instruments: 研值在线 (R&D expense declarations, the
-- yearly subsidy policy and its computed batches) and 省市联动 (external awards
-- with their municipal matching, recommendations to higher programmes).

-- One declaration per organization and year; tier is the organization's tier
-- when it declared (the tier at computation is what counts, and a line says
-- when it changed).
CREATE TABLE rd_declarations (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    year            INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    rd_expense      BIGINT NOT NULL CHECK (rd_expense >= 0),
    revenue         BIGINT NOT NULL CHECK (revenue >= 0),
    rd_staff        INTEGER NOT NULL CHECK (rd_staff >= 0),
    tier            TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL CHECK (source IN ('declared', 'imported')),
    version         INTEGER NOT NULL DEFAULT 1,
    created_by      TEXT NOT NULL REFERENCES users (id),
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (organization_id, year)
);
CREATE INDEX rd_declarations_year_idx ON rd_declarations (year, organization_id);

-- Every version of a year's policy is kept; the highest is in force. Rates
-- are basis points (hundredths of a percent); NULL: the tier does not qualify.
CREATE TABLE subsidy_policies (
    year              INTEGER NOT NULL,
    version           INTEGER NOT NULL,
    rate_tech_sme     INTEGER CHECK (rate_tech_sme BETWEEN 0 AND 10000),
    rate_high_tech    INTEGER CHECK (rate_high_tech BETWEEN 0 AND 10000),
    rate_little_giant INTEGER CHECK (rate_little_giant BETWEEN 0 AND 10000),
    rate_leader       INTEGER CHECK (rate_leader BETWEEN 0 AND 10000),
    cap               BIGINT NOT NULL CHECK (cap > 0),
    min_expense       BIGINT NOT NULL CHECK (min_expense >= 0),
    budget            BIGINT NOT NULL CHECK (budget > 0),
    set_by            TEXT NOT NULL REFERENCES users (id),
    set_at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (year, version)
);

-- One batch per year, computed from the policy version it names.
CREATE TABLE subsidy_batches (
    id             TEXT PRIMARY KEY,
    year           INTEGER NOT NULL UNIQUE,
    status         TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'published')),
    policy_version INTEGER NOT NULL,
    budget         BIGINT NOT NULL,
    total          BIGINT NOT NULL,
    requested      BIGINT NOT NULL,
    enterprises    INTEGER NOT NULL,
    scaled         BOOLEAN NOT NULL DEFAULT FALSE,
    computed_at    TIMESTAMPTZ NOT NULL,
    computed_by    TEXT NOT NULL REFERENCES users (id),
    approved_at    TIMESTAMPTZ,
    approved_by    TEXT REFERENCES users (id),
    published_at   TIMESTAMPTZ,
    published_by   TEXT REFERENCES users (id),
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE subsidy_lines (
    batch_id        TEXT NOT NULL REFERENCES subsidy_batches (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    tier            TEXT NOT NULL,
    tier_changed    BOOLEAN NOT NULL DEFAULT FALSE,
    district        TEXT NOT NULL DEFAULT '',
    rd_expense      BIGINT NOT NULL,
    computed        BIGINT NOT NULL CHECK (computed > 0),
    amount          BIGINT NOT NULL CHECK (amount >= 0 AND amount <= computed),
    PRIMARY KEY (batch_id, organization_id)
);
CREATE INDEX subsidy_lines_org_idx ON subsidy_lines (organization_id);

-- A provincial or national award won by a project: its funding line and,
-- unless declined, the municipal matching line created with it.
CREATE TABLE external_awards (
    id                TEXT PRIMARY KEY,
    project_id        TEXT NOT NULL REFERENCES projects (id),
    level             TEXT NOT NULL CHECK (level IN ('provincial', 'national')),
    programme         TEXT NOT NULL,
    amount            BIGINT NOT NULL CHECK (amount > 0),
    awarded_on        TEXT NOT NULL,
    funding_line_id   TEXT NOT NULL REFERENCES funding_lines (id),
    matching_line_id  TEXT REFERENCES funding_lines (id),
    matching_declined BOOLEAN NOT NULL DEFAULT FALSE,
    capped            TEXT NOT NULL DEFAULT '' CHECK (capped IN ('', 'municipal_cap', 'one_to_one')),
    recommendation_id TEXT,
    created_by        TEXT NOT NULL REFERENCES users (id),
    created_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX external_awards_project_idx ON external_awards (project_id, id);

-- The bureau's recommendations of projects to higher programmes (推荐申报).
CREATE TABLE recommendations (
    id         TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id),
    level      TEXT NOT NULL CHECK (level IN ('provincial', 'national')),
    programme  TEXT NOT NULL,
    year       INTEGER NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('recommended', 'awarded', 'not_awarded')),
    award_id   TEXT REFERENCES external_awards (id),
    version    INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    decided_by TEXT REFERENCES users (id),
    decided_at TIMESTAMPTZ,
    UNIQUE (project_id, level, programme, year)
);
CREATE INDEX recommendations_year_idx ON recommendations (year, id);

-- +goose Down
DROP TABLE recommendations;
DROP TABLE external_awards;
DROP TABLE subsidy_lines;
DROP TABLE subsidy_batches;
DROP TABLE subsidy_policies;
DROP TABLE rd_declarations;
