-- +goose Up
-- Each challenge counts its live (not withdrawn) bids, kept in the same
-- transaction as the bids it counts (store.Challenges.CreateBid and
-- SetBidStatus): lists show the count and the figures average it without
-- counting the bids table. Existing challenges are counted once here.
ALTER TABLE challenges ADD COLUMN live_bids INTEGER NOT NULL DEFAULT 0;
UPDATE challenges SET live_bids = (SELECT COUNT(*) FROM bids b WHERE b.challenge_id = challenges.id AND b.status <> 'withdrawn');

-- +goose Down
ALTER TABLE challenges DROP COLUMN live_bids;
