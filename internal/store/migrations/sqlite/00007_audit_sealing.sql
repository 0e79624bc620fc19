-- +goose Up
-- Writers no longer extend the audit chain themselves. A record is inserted
-- unsealed, numbered by id (insertion order); a single chainer seals committed
-- records right after commit, in id order: it gives each the next chain
-- position (seq) and links it to the one before (prev_hash, hash). Sealing is
-- the only change a record accepts, and only once. (See the PostgreSQL twin.)
DROP TRIGGER audit_records_no_update;
DROP TRIGGER audit_records_no_delete;
CREATE TABLE audit_records_sealed (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    seq         INTEGER,
    occurred_at DATETIME NOT NULL,
    actor_id    TEXT NOT NULL,
    actor_role  TEXT NOT NULL,
    actor_org   TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    client_ip   TEXT NOT NULL,
    request_id  TEXT NOT NULL,
    changes     TEXT NOT NULL,
    prev_hash   TEXT,
    hash        TEXT
);
INSERT INTO audit_records_sealed (id, seq, occurred_at, actor_id, actor_role, actor_org, action, entity, entity_id,
    client_ip, request_id, changes, prev_hash, hash)
SELECT seq, seq, occurred_at, actor_id, actor_role, actor_org, action, entity, entity_id,
    client_ip, request_id, changes, prev_hash, hash FROM audit_records;
DROP TABLE audit_records;
ALTER TABLE audit_records_sealed RENAME TO audit_records;
CREATE UNIQUE INDEX audit_records_seq_idx ON audit_records (seq);
CREATE INDEX audit_records_unsealed_idx ON audit_records (id) WHERE seq IS NULL;
CREATE INDEX audit_records_entity_idx ON audit_records (entity, entity_id, id);
CREATE INDEX audit_records_actor_idx ON audit_records (actor_id, id);
CREATE INDEX audit_records_action_idx ON audit_records (action, id);
-- +goose StatementBegin
CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
WHEN OLD.seq IS NOT NULL OR NEW.seq IS NULL OR NEW.prev_hash IS NULL OR NEW.hash IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.occurred_at IS NOT OLD.occurred_at OR NEW.actor_id IS NOT OLD.actor_id
  OR NEW.actor_role IS NOT OLD.actor_role OR NEW.actor_org IS NOT OLD.actor_org OR NEW.action IS NOT OLD.action
  OR NEW.entity IS NOT OLD.entity OR NEW.entity_id IS NOT OLD.entity_id OR NEW.client_ip IS NOT OLD.client_ip
  OR NEW.request_id IS NOT OLD.request_id OR NEW.changes IS NOT OLD.changes
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_records_no_update;
DROP TRIGGER audit_records_no_delete;
CREATE TABLE audit_records_chained (
    seq         INTEGER PRIMARY KEY,
    occurred_at DATETIME NOT NULL,
    actor_id    TEXT NOT NULL,
    actor_role  TEXT NOT NULL,
    actor_org   TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    client_ip   TEXT NOT NULL,
    request_id  TEXT NOT NULL,
    changes     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
INSERT INTO audit_records_chained SELECT seq, occurred_at, actor_id, actor_role, actor_org, action, entity, entity_id,
    client_ip, request_id, changes, prev_hash, hash FROM audit_records; -- an unsealed record fails NOT NULL: seal first
DROP TABLE audit_records;
ALTER TABLE audit_records_chained RENAME TO audit_records;
CREATE INDEX audit_records_entity_idx ON audit_records (entity, entity_id, seq);
CREATE INDEX audit_records_actor_idx ON audit_records (actor_id, seq);
CREATE INDEX audit_records_action_idx ON audit_records (action, seq);
-- +goose StatementBegin
CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
-- +goose StatementEnd
