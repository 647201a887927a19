-- The aggregates: each row holds one aggregate's record (its domain
-- snapshot as JSON, see storage/internal/records), its version for
-- optimistic concurrency, and the index columns the queries use. Dates are
-- 'YYYY-MM-DD' text and times fixed-width UTC millisecond text, so text
-- order is time order.
CREATE TABLE wijk_teams (
	id      TEXT PRIMARY KEY,
	version INTEGER NOT NULL,
	data    BLOB NOT NULL
);
CREATE TABLE wijk_coaches (
	id      TEXT PRIMARY KEY,
	version INTEGER NOT NULL,
	data    BLOB NOT NULL
);
-- One hours record per member and day: id is 'person/day'.
CREATE TABLE wijk_hours (
	id        TEXT PRIMARY KEY,
	version   INTEGER NOT NULL,
	data      BLOB NOT NULL,
	team_id   TEXT NOT NULL,
	person_id TEXT NOT NULL,
	day       TEXT NOT NULL
);
CREATE INDEX wijk_hours_team_day ON wijk_hours (team_id, day, person_id);
CREATE TABLE wijk_clients (
	id      TEXT PRIMARY KEY,
	version INTEGER NOT NULL,
	data    BLOB NOT NULL,
	team_id TEXT NOT NULL
);
CREATE INDEX wijk_clients_team ON wijk_clients (team_id, id);
CREATE TABLE wijk_careplans (
	id          TEXT PRIMARY KEY,
	version     INTEGER NOT NULL,
	data        BLOB NOT NULL,
	client_id   TEXT NOT NULL,
	status      TEXT NOT NULL,
	review_date TEXT NOT NULL,
	start_date  TEXT NOT NULL
);
CREATE INDEX wijk_careplans_client ON wijk_careplans (client_id, start_date);
CREATE INDEX wijk_careplans_review ON wijk_careplans (status, review_date);
CREATE TABLE wijk_proposals (
	id         TEXT PRIMARY KEY,
	version    INTEGER NOT NULL,
	data       BLOB NOT NULL,
	team_id    TEXT NOT NULL,
	open       INTEGER NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX wijk_proposals_open ON wijk_proposals (team_id, open, created_at);
CREATE TABLE wijk_meetings (
	id        TEXT PRIMARY KEY,
	version   INTEGER NOT NULL,
	data      BLOB NOT NULL,
	team_id   TEXT NOT NULL,
	starts_at TEXT NOT NULL
);
CREATE INDEX wijk_meetings_team ON wijk_meetings (team_id, starts_at);
-- The decision logs: id is 'team/position', so two appends racing for one
-- place in a log collide on the key.
CREATE TABLE wijk_decisions (
	id          TEXT PRIMARY KEY,
	version     INTEGER NOT NULL,
	data        BLOB NOT NULL,
	team_id     TEXT NOT NULL,
	pos         INTEGER NOT NULL,
	decision_id TEXT NOT NULL
);
CREATE INDEX wijk_decisions_team ON wijk_decisions (team_id, pos);
CREATE TRIGGER wijk_decisions_no_update BEFORE UPDATE ON wijk_decisions
BEGIN
	SELECT RAISE(ABORT, 'the decision log is append-only');
END;
CREATE TRIGGER wijk_decisions_no_delete BEFORE DELETE ON wijk_decisions
BEGIN
	SELECT RAISE(ABORT, 'the decision log is append-only');
END;
