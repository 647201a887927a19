-- Audit sequence numbers come from the rowid alone. AUTOINCREMENT made
-- every write also update sqlite_sequence: one more page in each commit.
-- What it guards against, reusing the numbers of deleted rows, cannot
-- happen here: audit lines are never deleted (the triggers refuse it), so
-- the largest rowid stays and each new line is numbered after every line
-- ever written. The table is rebuilt with its lines and numbers as they are.
CREATE TABLE wijk_audit_next (
	seq       INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL,
	entity    TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	action    TEXT NOT NULL,
	summary   TEXT NOT NULL
);
INSERT INTO wijk_audit_next (seq, at, actor, entity, entity_id, action, summary)
	SELECT seq, at, actor, entity, entity_id, action, summary FROM wijk_audit ORDER BY seq;
DROP TABLE wijk_audit;
ALTER TABLE wijk_audit_next RENAME TO wijk_audit;
CREATE INDEX wijk_audit_entity ON wijk_audit (entity_id, seq);
CREATE TRIGGER wijk_audit_no_update BEFORE UPDATE ON wijk_audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER wijk_audit_no_delete BEFORE DELETE ON wijk_audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
