-- +goose Up
-- Review rounds (以赛代评): a challenge may be reviewed in several rounds set
-- at approval (rounds, a JSON list of {name, weight, shortlist}); the round
-- under review is current_round; a bid shortlisted into round n has
-- round_reached n. An expert may review a challenge in several rounds and
-- scores a bid once per round, so both review tables key on the round too
-- (SQLite cannot change a primary key: each table is rebuilt, rows kept, as
-- round 1).
ALTER TABLE challenges ADD COLUMN rounds TEXT NOT NULL DEFAULT '[]';
ALTER TABLE challenges ADD COLUMN current_round INTEGER NOT NULL DEFAULT 1;
-- 以赛代招: a challenge posted for an application scenario by its provider,
-- with the provider's procurement commitment (yuan).
ALTER TABLE challenges ADD COLUMN scenario_id TEXT REFERENCES scenarios (id);
ALTER TABLE challenges ADD COLUMN procurement_commitment INTEGER NOT NULL DEFAULT 0 CHECK (procurement_commitment >= 0);
ALTER TABLE bids ADD COLUMN round_reached INTEGER NOT NULL DEFAULT 1;

CREATE TABLE reviewer_assignments_rounds (
    challenge_id      TEXT NOT NULL REFERENCES challenges (id),
    round             INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),
    expert_id         TEXT NOT NULL REFERENCES users (id),
    assigned_by       TEXT NOT NULL,
    assigned_at       DATETIME NOT NULL,
    conflict_declared BOOLEAN NOT NULL DEFAULT FALSE,
    conflict_reason   TEXT NOT NULL DEFAULT '',
    submitted_at      DATETIME,
    PRIMARY KEY (challenge_id, round, expert_id)
);
INSERT INTO reviewer_assignments_rounds (challenge_id, round, expert_id, assigned_by, assigned_at, conflict_declared, conflict_reason, submitted_at)
    SELECT challenge_id, 1, expert_id, assigned_by, assigned_at, conflict_declared, conflict_reason, submitted_at FROM reviewer_assignments;
DROP TABLE reviewer_assignments;
ALTER TABLE reviewer_assignments_rounds RENAME TO reviewer_assignments;
CREATE INDEX reviewer_assignments_expert_idx ON reviewer_assignments (expert_id, challenge_id, round);

CREATE TABLE bid_scores_rounds (
    bid_id       TEXT NOT NULL REFERENCES bids (id),
    round        INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),
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
    PRIMARY KEY (bid_id, round, expert_id)
);
INSERT INTO bid_scores_rounds (bid_id, round, expert_id, challenge_id, technical, feasibility, team, budget, total, comment, created_at, updated_at)
    SELECT bid_id, 1, expert_id, challenge_id, technical, feasibility, team, budget, total, comment, created_at, updated_at FROM bid_scores;
DROP TABLE bid_scores;
ALTER TABLE bid_scores_rounds RENAME TO bid_scores;
CREATE INDEX bid_scores_challenge_idx ON bid_scores (challenge_id, round, expert_id);

-- 联合揭榜: each partner named in a bid, pending until it confirms or
-- declines (before the deadline). Kept with the bid's partner_ids by the
-- store; a partner's work list reads it by organization.
CREATE TABLE bid_partners (
    bid_id          TEXT NOT NULL REFERENCES bids (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    decision        TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending','confirmed','declined')),
    decided_by      TEXT,
    decided_at      DATETIME,
    PRIMARY KEY (bid_id, organization_id)
);
CREATE INDEX bid_partners_org_idx ON bid_partners (organization_id, bid_id);
INSERT INTO bid_partners (bid_id, organization_id)
    SELECT b.id, j.value FROM bids b, json_each(b.partner_ids) j;

-- +goose Down
DROP TABLE bid_partners;

CREATE TABLE bid_scores_one (
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
-- Going back keeps the first round only: later rounds' scores have no place in the old table.
INSERT INTO bid_scores_one SELECT bid_id, expert_id, challenge_id, technical, feasibility, team, budget, total, comment, created_at, updated_at
    FROM bid_scores WHERE round = 1;
DROP TABLE bid_scores;
ALTER TABLE bid_scores_one RENAME TO bid_scores;
CREATE INDEX bid_scores_challenge_idx ON bid_scores (challenge_id, expert_id);

CREATE TABLE reviewer_assignments_one (
    challenge_id      TEXT NOT NULL REFERENCES challenges (id),
    expert_id         TEXT NOT NULL REFERENCES users (id),
    assigned_by       TEXT NOT NULL,
    assigned_at       DATETIME NOT NULL,
    conflict_declared BOOLEAN NOT NULL DEFAULT FALSE,
    conflict_reason   TEXT NOT NULL DEFAULT '',
    submitted_at      DATETIME,
    PRIMARY KEY (challenge_id, expert_id)
);
INSERT INTO reviewer_assignments_one SELECT challenge_id, expert_id, assigned_by, assigned_at, conflict_declared, conflict_reason, submitted_at
    FROM reviewer_assignments WHERE round = 1;
DROP TABLE reviewer_assignments;
ALTER TABLE reviewer_assignments_one RENAME TO reviewer_assignments;
CREATE INDEX reviewer_assignments_expert_idx ON reviewer_assignments (expert_id, challenge_id);

ALTER TABLE bids DROP COLUMN round_reached;
ALTER TABLE challenges DROP COLUMN procurement_commitment;
ALTER TABLE challenges DROP COLUMN scenario_id;
ALTER TABLE challenges DROP COLUMN current_round;
ALTER TABLE challenges DROP COLUMN rounds;
