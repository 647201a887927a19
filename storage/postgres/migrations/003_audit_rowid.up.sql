-- Step 3 rebuilds SQLite's audit table without AUTOINCREMENT. PostgreSQL's
-- audit table numbers its lines with an identity column and needs no
-- change; the step exists so that both dialects number their steps alike.
SELECT 1;
