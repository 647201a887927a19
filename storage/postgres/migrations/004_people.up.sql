-- Who is where: the people of each team (everyone with a membership, past,
-- present or future) and the registered representatives of each client,
-- kept beside the records so that a person's teams and clients are found
-- without reading every record. The staff of the organisation get a table
-- of their own.
CREATE TABLE wijk_teams_people (
	id    TEXT NOT NULL,
	value TEXT NOT NULL,
	PRIMARY KEY (id, value)
);
CREATE INDEX wijk_teams_people_value ON wijk_teams_people (value, id);
CREATE TABLE wijk_clients_representatives (
	id    TEXT NOT NULL,
	value TEXT NOT NULL,
	PRIMARY KEY (id, value)
);
CREATE INDEX wijk_clients_representatives_value ON wijk_clients_representatives (value, id);
CREATE TABLE wijk_staff (
	id      TEXT PRIMARY KEY,
	version BIGINT NOT NULL,
	data    BYTEA NOT NULL
);
-- Teams stored before this step: their people come from their records
-- (format 1: {"format":1,"team":{…,"Members":[{"Person":"…",…},…]}}).
-- Clients had no representatives before.
INSERT INTO wijk_teams_people (id, value)
	SELECT DISTINCT t.id, m ->> 'Person'
	FROM wijk_teams t, jsonb_array_elements(convert_from(t.data, 'UTF8')::jsonb -> 'team' -> 'Members') m
	ON CONFLICT DO NOTHING;
