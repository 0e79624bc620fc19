-- +goose Up
-- Review rounds (以赛代评): a challenge may be reviewed in several rounds set
-- at approval (rounds, a JSON list of {name, weight, shortlist}); the round
-- under review is current_round; a bid shortlisted into round n has
-- round_reached n. An expert may review a challenge in several rounds and
-- scores a bid once per round, so both review tables key on the round too.
ALTER TABLE challenges
    ADD COLUMN rounds TEXT NOT NULL DEFAULT '[]',
    ADD COLUMN current_round INTEGER NOT NULL DEFAULT 1,
    -- 以赛代招: a challenge posted for an application scenario by its
    -- provider, with the provider's procurement commitment (yuan).
    ADD COLUMN scenario_id TEXT REFERENCES scenarios (id),
    ADD COLUMN procurement_commitment BIGINT NOT NULL DEFAULT 0 CHECK (procurement_commitment >= 0);
ALTER TABLE bids ADD COLUMN round_reached INTEGER NOT NULL DEFAULT 1;

ALTER TABLE reviewer_assignments ADD COLUMN round INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1);
ALTER TABLE reviewer_assignments DROP CONSTRAINT reviewer_assignments_pkey, ADD PRIMARY KEY (challenge_id, round, expert_id);
DROP INDEX reviewer_assignments_expert_idx;
CREATE INDEX reviewer_assignments_expert_idx ON reviewer_assignments (expert_id, challenge_id, round);

ALTER TABLE bid_scores ADD COLUMN round INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1);
ALTER TABLE bid_scores DROP CONSTRAINT bid_scores_pkey, ADD PRIMARY KEY (bid_id, round, expert_id);
DROP INDEX bid_scores_challenge_idx;
CREATE INDEX bid_scores_challenge_idx ON bid_scores (challenge_id, round, expert_id);

-- 联合揭榜: each partner named in a bid, pending until it confirms or
-- declines (before the deadline). Kept with the bid's partner_ids by the
-- store; a partner's work list reads it by organization.
CREATE TABLE bid_partners (
    bid_id          TEXT NOT NULL REFERENCES bids (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    decision        TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending','confirmed','declined')),
    decided_by      TEXT,
    decided_at      TIMESTAMPTZ,
    PRIMARY KEY (bid_id, organization_id)
);
CREATE INDEX bid_partners_org_idx ON bid_partners (organization_id, bid_id);
INSERT INTO bid_partners (bid_id, organization_id)
    SELECT b.id, p.value FROM bids b, jsonb_array_elements_text(b.partner_ids::jsonb) AS p(value);

-- +goose Down
DROP TABLE bid_partners;
-- Going back keeps the first round only: later rounds have no place in the old keys.
DELETE FROM bid_scores WHERE round > 1;
ALTER TABLE bid_scores DROP CONSTRAINT bid_scores_pkey, ADD PRIMARY KEY (bid_id, expert_id);
DROP INDEX bid_scores_challenge_idx;
ALTER TABLE bid_scores DROP COLUMN round;
CREATE INDEX bid_scores_challenge_idx ON bid_scores (challenge_id, expert_id);
DELETE FROM reviewer_assignments WHERE round > 1;
ALTER TABLE reviewer_assignments DROP CONSTRAINT reviewer_assignments_pkey, ADD PRIMARY KEY (challenge_id, expert_id);
DROP INDEX reviewer_assignments_expert_idx;
ALTER TABLE reviewer_assignments DROP COLUMN round;
CREATE INDEX reviewer_assignments_expert_idx ON reviewer_assignments (expert_id, challenge_id);
ALTER TABLE bids DROP COLUMN round_reached;
ALTER TABLE challenges DROP COLUMN procurement_commitment, DROP COLUMN scenario_id, DROP COLUMN current_round, DROP COLUMN rounds;
