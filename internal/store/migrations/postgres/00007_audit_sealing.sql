-- +goose Up
-- Writers no longer serialize on one lock to extend the audit chain. A record
-- is inserted unsealed in the writer's transaction, numbered by id (insertion
-- order, may have gaps); a single chainer seals committed records right after
-- commit, in id order: it gives each the next chain position (seq, gap-free)
-- and links it to the one before (prev_hash, hash). Sealing is the only change
-- a record accepts, and only once.
DROP TRIGGER audit_records_no_change ON audit_records;
DROP TRIGGER audit_records_no_truncate ON audit_records;
DROP INDEX audit_records_entity_idx;
DROP INDEX audit_records_actor_idx;
DROP INDEX audit_records_action_idx;

ALTER TABLE audit_records ADD COLUMN id BIGINT;
UPDATE audit_records SET id = seq;
ALTER TABLE audit_records DROP CONSTRAINT audit_records_pkey;
ALTER TABLE audit_records ALTER COLUMN id SET NOT NULL;
ALTER TABLE audit_records ADD PRIMARY KEY (id);
CREATE SEQUENCE audit_records_id_seq OWNED BY audit_records.id;
SELECT setval('audit_records_id_seq', COALESCE((SELECT MAX(id) FROM audit_records), 0) + 1, false);
ALTER TABLE audit_records ALTER COLUMN id SET DEFAULT nextval('audit_records_id_seq');
ALTER TABLE audit_records ALTER COLUMN seq DROP NOT NULL;
ALTER TABLE audit_records ALTER COLUMN prev_hash DROP NOT NULL;
ALTER TABLE audit_records ALTER COLUMN hash DROP NOT NULL;
CREATE UNIQUE INDEX audit_records_seq_idx ON audit_records (seq);
-- The chainer's work list: only unsealed records are in it.
CREATE INDEX audit_records_unsealed_idx ON audit_records (id) WHERE seq IS NULL;
CREATE INDEX audit_records_entity_idx ON audit_records (entity, entity_id, id);
CREATE INDEX audit_records_actor_idx ON audit_records (actor_id, id);
CREATE INDEX audit_records_action_idx ON audit_records (action, id);

-- The check is the triggers' WHEN condition, evaluated without calling a
-- function: only a refused change runs audit_records_append_only (to raise).
CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
    FOR EACH ROW
    WHEN (NOT (OLD.seq IS NULL AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
        AND (NEW.id, NEW.occurred_at, NEW.actor_id, NEW.actor_role, NEW.actor_org, NEW.action, NEW.entity, NEW.entity_id,
             NEW.client_ip, NEW.request_id, NEW.changes)
            IS NOT DISTINCT FROM
            (OLD.id, OLD.occurred_at, OLD.actor_id, OLD.actor_role, OLD.actor_org, OLD.action, OLD.entity, OLD.entity_id,
             OLD.client_ip, OLD.request_id, OLD.changes)))
    EXECUTE FUNCTION audit_records_append_only();
CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
    FOR EACH ROW EXECUTE FUNCTION audit_records_append_only();
CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
    FOR EACH STATEMENT EXECUTE FUNCTION audit_records_append_only();

-- +goose Down
-- The old schema cannot hold an unsealed record: refuse until they are sealed.
-- +goose StatementBegin
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM audit_records WHERE seq IS NULL) THEN
        RAISE EXCEPTION 'unsealed audit records: start the server once to seal them, then migrate down';
    END IF;
END;
$$;
-- +goose StatementEnd
DROP TRIGGER audit_records_no_update ON audit_records;
DROP TRIGGER audit_records_no_delete ON audit_records;
DROP TRIGGER audit_records_no_truncate ON audit_records;
DROP INDEX audit_records_unsealed_idx;
DROP INDEX audit_records_entity_idx;
DROP INDEX audit_records_actor_idx;
DROP INDEX audit_records_action_idx;
DROP INDEX audit_records_seq_idx;
ALTER TABLE audit_records DROP CONSTRAINT audit_records_pkey;
ALTER TABLE audit_records DROP COLUMN id;
ALTER TABLE audit_records ALTER COLUMN seq SET NOT NULL;
ALTER TABLE audit_records ALTER COLUMN prev_hash SET NOT NULL;
ALTER TABLE audit_records ALTER COLUMN hash SET NOT NULL;
ALTER TABLE audit_records ADD PRIMARY KEY (seq);
CREATE INDEX audit_records_entity_idx ON audit_records (entity, entity_id, seq);
CREATE INDEX audit_records_actor_idx ON audit_records (actor_id, seq);
CREATE INDEX audit_records_action_idx ON audit_records (action, seq);
CREATE TRIGGER audit_records_no_change BEFORE UPDATE OR DELETE ON audit_records
    FOR EACH ROW EXECUTE FUNCTION audit_records_append_only();
CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
    FOR EACH STATEMENT EXECUTE FUNCTION audit_records_append_only();
