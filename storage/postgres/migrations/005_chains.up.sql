-- Logs that show tampering. Every entry of the audit log, the access log
-- and the decision log stores a SHA-256 hash over its canonical bytes and
-- the hash of the entry before it (package storage/internal/chain says
-- which bytes). Each log's head (last number and hash) is kept in
-- wijk_chain_heads; a write takes the head's row lock and moves it in its
-- own transaction, so numbers are drawn in commit order with no gaps. A
-- purge past the retention leaves a signed checkpoint in wijk_checkpoints,
-- and the guards below let through only the deletes a checkpoint covers.
DROP TRIGGER wijk_audit_no_change ON wijk_audit;
DROP TRIGGER wijk_audit_no_truncate ON wijk_audit;
DROP TRIGGER wijk_decisions_no_change ON wijk_decisions;
DROP TRIGGER wijk_decisions_no_truncate ON wijk_decisions;
-- Every write of a client's record or care plans names the client.
ALTER TABLE wijk_audit ADD COLUMN client_id TEXT NOT NULL DEFAULT '';
ALTER TABLE wijk_audit ADD COLUMN hash BYTEA;
UPDATE wijk_audit SET client_id = entity_id WHERE entity = 'client';
UPDATE wijk_audit a SET client_id = p.client_id FROM wijk_careplans p WHERE a.entity = 'care plan' AND p.id = a.entity_id;
CREATE INDEX wijk_audit_client ON wijk_audit (client_id, seq);
ALTER TABLE wijk_decisions ADD COLUMN chain_seq BIGINT;
ALTER TABLE wijk_decisions ADD COLUMN hash BYTEA;
CREATE TABLE wijk_access (
	seq         BIGINT PRIMARY KEY,
	at          TEXT NOT NULL,
	person      TEXT NOT NULL,
	role        TEXT NOT NULL,
	client_id   TEXT NOT NULL,
	entity      TEXT NOT NULL,
	entity_id   TEXT NOT NULL,
	action      TEXT NOT NULL,
	purpose     TEXT NOT NULL,
	reason      TEXT NOT NULL,
	outcome     TEXT NOT NULL,
	rule        TEXT NOT NULL,
	application TEXT NOT NULL,
	hash        BYTEA NOT NULL
);
CREATE INDEX wijk_access_client ON wijk_access (client_id, seq);
CREATE INDEX wijk_access_person ON wijk_access (person, seq);
CREATE INDEX wijk_access_at ON wijk_access (at);
CREATE TABLE wijk_chain_heads (
	log  TEXT PRIMARY KEY,
	seq  BIGINT NOT NULL,
	hash BYTEA NOT NULL
);
CREATE TABLE wijk_checkpoints (
	log        TEXT NOT NULL,
	seq        BIGINT NOT NULL,
	hash       BYTEA NOT NULL,
	at         TEXT NOT NULL,
	actor      TEXT NOT NULL,
	removed    BIGINT NOT NULL,
	public_key BYTEA NOT NULL,
	signature  BYTEA NOT NULL,
	PRIMARY KEY (log, seq)
);
-- The entries written before this step are chained once, in the order of
-- their numbers (decisions: by team, then position), and the heads set.
-- Audit numbers drawn by transactions that rolled back left gaps; the
-- lines are renumbered 1, 2, 3 … in their order first.
-- wijk:step chain
CREATE UNIQUE INDEX wijk_decisions_chain ON wijk_decisions (chain_seq);
-- The guard of the chained logs: no update, no truncate, and a delete only
-- of an entry that a checkpoint covers (TG_ARGV[0] names the log).
CREATE FUNCTION wijk_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' AND TG_ARGV[0] IN ('audit', 'access') THEN
		IF OLD.seq <= (SELECT COALESCE(MAX(seq), 0) FROM wijk_checkpoints WHERE log = TG_ARGV[0]) THEN
			RETURN OLD;
		END IF;
	END IF;
	RAISE EXCEPTION 'the % log is append-only: only a purge removes entries, after its checkpoint', TG_ARGV[0];
END;
$$;
CREATE TRIGGER wijk_audit_no_change BEFORE UPDATE OR DELETE ON wijk_audit
	FOR EACH ROW EXECUTE FUNCTION wijk_log_guard('audit');
CREATE TRIGGER wijk_audit_no_truncate BEFORE TRUNCATE ON wijk_audit
	FOR EACH STATEMENT EXECUTE FUNCTION wijk_log_guard('audit');
CREATE TRIGGER wijk_access_no_change BEFORE UPDATE OR DELETE ON wijk_access
	FOR EACH ROW EXECUTE FUNCTION wijk_log_guard('access');
CREATE TRIGGER wijk_access_no_truncate BEFORE TRUNCATE ON wijk_access
	FOR EACH STATEMENT EXECUTE FUNCTION wijk_log_guard('access');
CREATE TRIGGER wijk_decisions_no_change BEFORE UPDATE OR DELETE ON wijk_decisions
	FOR EACH ROW EXECUTE FUNCTION wijk_log_guard('decisions');
CREATE TRIGGER wijk_decisions_no_truncate BEFORE TRUNCATE ON wijk_decisions
	FOR EACH STATEMENT EXECUTE FUNCTION wijk_log_guard('decisions');
CREATE TRIGGER wijk_checkpoints_no_change BEFORE UPDATE OR DELETE ON wijk_checkpoints
	FOR EACH ROW EXECUTE FUNCTION wijk_log_guard('checkpoints');
CREATE TRIGGER wijk_checkpoints_no_truncate BEFORE TRUNCATE ON wijk_checkpoints
	FOR EACH STATEMENT EXECUTE FUNCTION wijk_log_guard('checkpoints');
