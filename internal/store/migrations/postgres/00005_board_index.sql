-- +goose Up
-- The board lists the public challenges newest first, page by page (keyset on
-- id). On the status index a page walks every id and skips the drafts and
-- other private challenges in its way; this partial index holds only the
-- public ones, in id order. Its predicate is the query's own text
-- (store.publicStatusSQL), which both planners need to use it.
CREATE INDEX challenges_public_idx ON challenges (id) WHERE status IN ('published', 'closed', 'in_review', 'awarded', 'failed');

-- +goose Down
DROP INDEX challenges_public_idx;
