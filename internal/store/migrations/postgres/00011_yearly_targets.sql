-- +goose Up
-- The bureau's yearly targets (200+ key R&D projects, 20 landmark results,
-- 80 % in 315 fields …), one row per year and key; the actual values are
-- computed from the data when read. (Version 10 is the Go migration that read
-- the KPIs' numbers.)
CREATE TABLE yearly_targets (
    year       INTEGER NOT NULL,
    key        TEXT NOT NULL,
    target     DOUBLE PRECISION NOT NULL CHECK (target >= 0),
    updated_by TEXT NOT NULL REFERENCES users (id),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (year, key)
);

-- +goose Down
DROP TABLE yearly_targets;
