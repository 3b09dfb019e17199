-- Stride's two database roles (README, "Audit trail: threat model"):
--   stride_owner  owns the database and its tables; `manage.py migrate` runs as it.
--   stride_app    what the web, worker and clock processes run as: `migrate` grants it
--                 read and write on the app's tables but only SELECT and INSERT on the audit
--                 trail; not owning the tables, it cannot alter them or disable a trigger.
--
-- Run once as a superuser, in Stride's database, with psql 15 or newer (for \getenv):
--   DB_OWNER_PASSWORD=… DB_APP_PASSWORD=… psql -v ON_ERROR_STOP=1 -d stride -f postgres-roles.sql
-- docker-compose's db service runs it on its first start (docker-entrypoint-initdb.d). Safe
-- to run again: existing roles are left as they are, and on a database created before the
-- roles it hands every table and function of the public schema to stride_owner.

\getenv owner_password DB_OWNER_PASSWORD
\getenv app_password DB_APP_PASSWORD
\if :{?owner_password}
\else
    \warn 'Set DB_OWNER_PASSWORD and DB_APP_PASSWORD.'
    SELECT 1 / 0 AS "DB_OWNER_PASSWORD is not set";
\endif
\if :{?app_password}
\else
    \warn 'Set DB_APP_PASSWORD.'
    SELECT 1 / 0 AS "DB_APP_PASSWORD is not set";
\endif

SELECT format('CREATE ROLE stride_owner LOGIN PASSWORD %L', :'owner_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stride_owner') \gexec
SELECT format('CREATE ROLE stride_app LOGIN PASSWORD %L', :'app_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stride_app') \gexec

-- The owner creates the tables (and the trusted extensions pg_trgm and btree_gist, which
-- needs CREATE on the database: owning it gives that).
ALTER DATABASE :"DBNAME" OWNER TO stride_owner;
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"DBNAME" TO stride_app;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO stride_app;

-- A database that was migrated before these roles: its tables (with their sequences) and
-- the audit trail's trigger functions move to the owner. Extension members stay put.
SELECT format('ALTER TABLE %I.%I OWNER TO stride_owner', n.nspname, c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
    AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
\gexec
SELECT format('ALTER FUNCTION %s OWNER TO stride_owner', p.oid::regprocedure)
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'public'
    AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
\gexec
