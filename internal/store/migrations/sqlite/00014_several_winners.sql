-- +goose Up
-- Several winners (赛马): approval may allow up to max_winners; the award
-- names the winning bids (winner_bid_ids) and confirmation makes one project
-- per winner (project_ids). proposed_bid_id, awarded_bid_id and project_id
-- keep the first of each, as before.
ALTER TABLE challenges ADD COLUMN max_winners INTEGER NOT NULL DEFAULT 1;
ALTER TABLE challenges ADD COLUMN winner_bid_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE challenges ADD COLUMN project_ids TEXT NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE challenges DROP COLUMN project_ids;
ALTER TABLE challenges DROP COLUMN winner_bid_ids;
ALTER TABLE challenges DROP COLUMN max_winners;
