-- The audit log: one line per write, never changed, never deleted.
CREATE TABLE wijk_audit (
	seq       INTEGER PRIMARY KEY AUTOINCREMENT,
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL,
	entity    TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	action    TEXT NOT NULL,
	summary   TEXT NOT NULL
);
CREATE INDEX wijk_audit_entity ON wijk_audit (entity_id, seq);
CREATE TRIGGER wijk_audit_no_update BEFORE UPDATE ON wijk_audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER wijk_audit_no_delete BEFORE DELETE ON wijk_audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
