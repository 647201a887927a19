-- Logs that show tampering. Every entry of the audit log, the access log
-- and the decision log stores a SHA-256 hash over its canonical bytes and
-- the hash of the entry before it (package storage/internal/chain says
-- which bytes). Each log's head (last number and hash) is kept in
-- wijk_chain_heads; a write reads and moves it in its own transaction, so
-- numbers follow commit order with no gaps. A purge past the retention
-- leaves a signed checkpoint in wijk_checkpoints, and the guards below let
-- through only the deletes a checkpoint covers.
DROP TRIGGER wijk_audit_no_update;
DROP TRIGGER wijk_audit_no_delete;
DROP TRIGGER IF EXISTS wijk_decisions_no_update;
DROP TRIGGER IF EXISTS wijk_decisions_no_delete;
-- Every write of a client's record or care plans names the client.
ALTER TABLE wijk_audit ADD COLUMN client_id TEXT NOT NULL DEFAULT '';
ALTER TABLE wijk_audit ADD COLUMN hash BLOB;
UPDATE wijk_audit SET client_id = entity_id WHERE entity = 'client';
UPDATE wijk_audit SET client_id = COALESCE((SELECT p.client_id FROM wijk_careplans p WHERE p.id = wijk_audit.entity_id), '')
	WHERE entity = 'care plan';
CREATE INDEX wijk_audit_client ON wijk_audit (client_id, seq);
ALTER TABLE wijk_decisions ADD COLUMN chain_seq INTEGER;
ALTER TABLE wijk_decisions ADD COLUMN hash BLOB;
CREATE TABLE wijk_access (
	seq         INTEGER PRIMARY KEY,
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
	hash        BLOB NOT NULL
);
CREATE INDEX wijk_access_client ON wijk_access (client_id, seq);
CREATE INDEX wijk_access_person ON wijk_access (person, seq);
CREATE INDEX wijk_access_at ON wijk_access (at);
CREATE TABLE wijk_chain_heads (
	log  TEXT PRIMARY KEY,
	seq  INTEGER NOT NULL,
	hash BLOB NOT NULL
);
CREATE TABLE wijk_checkpoints (
	log        TEXT NOT NULL,
	seq        INTEGER NOT NULL,
	hash       BLOB NOT NULL,
	at         TEXT NOT NULL,
	actor      TEXT NOT NULL,
	removed    INTEGER NOT NULL,
	public_key BLOB NOT NULL,
	signature  BLOB NOT NULL,
	PRIMARY KEY (log, seq)
);
-- The entries written before this step are chained once, in the order of
-- their numbers (decisions: by team, then position), and the heads set.
-- wijk:step chain
CREATE UNIQUE INDEX wijk_decisions_chain ON wijk_decisions (chain_seq);
CREATE TRIGGER wijk_audit_no_update BEFORE UPDATE ON wijk_audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER wijk_audit_no_delete BEFORE DELETE ON wijk_audit
	WHEN OLD.seq > (SELECT COALESCE(MAX(seq), 0) FROM wijk_checkpoints WHERE log = 'audit')
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only: only a purge removes entries, after its checkpoint');
END;
CREATE TRIGGER wijk_access_no_update BEFORE UPDATE ON wijk_access
BEGIN
	SELECT RAISE(ABORT, 'the access log is append-only');
END;
CREATE TRIGGER wijk_access_no_delete BEFORE DELETE ON wijk_access
	WHEN OLD.seq > (SELECT COALESCE(MAX(seq), 0) FROM wijk_checkpoints WHERE log = 'access')
BEGIN
	SELECT RAISE(ABORT, 'the access log is append-only: only a purge removes entries, after its checkpoint');
END;
CREATE TRIGGER wijk_decisions_no_update BEFORE UPDATE ON wijk_decisions
BEGIN
	SELECT RAISE(ABORT, 'the decision log is append-only');
END;
CREATE TRIGGER wijk_decisions_no_delete BEFORE DELETE ON wijk_decisions
BEGIN
	SELECT RAISE(ABORT, 'the decision log is append-only');
END;
CREATE TRIGGER wijk_checkpoints_no_update BEFORE UPDATE ON wijk_checkpoints
BEGIN
	SELECT RAISE(ABORT, 'checkpoints are kept as made');
END;
CREATE TRIGGER wijk_checkpoints_no_delete BEFORE DELETE ON wijk_checkpoints
BEGIN
	SELECT RAISE(ABORT, 'checkpoints are kept as made');
END;
