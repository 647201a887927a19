-- The teams' plans: rosters, each for a period, and visit plans, each for
-- a day. Each row holds the plan's record (see storage/internal/records),
-- its version, and the columns the queries use: the team, the days, the
-- status ('proposed', 'adopted', 'superseded') and when it was made.
CREATE TABLE wijk_rosters (
	id         TEXT PRIMARY KEY,
	version    INTEGER NOT NULL,
	data       BLOB NOT NULL,
	team_id    TEXT NOT NULL,
	start_day  TEXT NOT NULL,
	end_day    TEXT NOT NULL,
	status     TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX wijk_rosters_team ON wijk_rosters (team_id, start_day, created_at);
CREATE INDEX wijk_rosters_adopted ON wijk_rosters (team_id, status, end_day);
CREATE TABLE wijk_day_plans (
	id         TEXT PRIMARY KEY,
	version    INTEGER NOT NULL,
	data       BLOB NOT NULL,
	team_id    TEXT NOT NULL,
	day        TEXT NOT NULL,
	status     TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX wijk_day_plans_team ON wijk_day_plans (team_id, day, created_at);
CREATE INDEX wijk_day_plans_adopted ON wijk_day_plans (team_id, status, day);
-- An adopting decision is looked up by its ID within its team's log.
CREATE INDEX wijk_decisions_decision ON wijk_decisions (team_id, decision_id);
