#!/bin/bash
# The velure database and, per service, a login role owning one schema of the same name, with
# that schema as the role's search_path (services do not send currentSchema: PgBouncer refuses
# it), and the group role that may ask auth whether a session is revoked. The same grants as
# dev-support's DatabaseProvisioner.
set -euo pipefail
psql -v ON_ERROR_STOP=1 -q -U postgres -d postgres \
    -v auth="${AUTH_DB_PASSWORD:?}" -v catalog="${CATALOG_DB_PASSWORD:?}" -v orders="${ORDERS_DB_PASSWORD:?}" <<'SQL'
CREATE DATABASE velure;
CREATE ROLE auth LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'auth';
CREATE ROLE catalog LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'catalog';
CREATE ROLE orders LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'orders';
ALTER ROLE auth SET search_path = auth;
ALTER ROLE catalog SET search_path = catalog;
ALTER ROLE orders SET search_path = orders;
-- May call auth.sessions_revoked_within(interval) (and its predecessor session_revoked(uuid)) and nothing else of auth's (auth's migrations V4 and V5 grant that).
CREATE ROLE revocation_reader NOLOGIN;
GRANT revocation_reader TO catalog, orders;
\connect velure
REVOKE ALL ON DATABASE velure FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE velure TO auth, catalog, orders;
CREATE SCHEMA auth AUTHORIZATION auth;
CREATE SCHEMA catalog AUTHORIZATION catalog;
CREATE SCHEMA orders AUTHORIZATION orders;
SQL
