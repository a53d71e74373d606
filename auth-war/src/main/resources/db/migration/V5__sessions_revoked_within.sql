-- Other services keep the set of revoked sessions in memory and ask every half second only what
-- changed, instead of asking session_revoked(uuid) once per active session and request: that put a
-- pooled connection on the path of every request with a token, so a request could wait for the pool
-- twice (the check, then its own work) and take twice the pool's max wait to be refused (fault
-- suite, scenario 2), and a database outage delayed every such request by the max wait.
--
-- Least privilege as before: revocation_reader may call this function and nothing else of auth's.
-- It learns the ids of recently revoked sessions (random UUIDs carried by access tokens), not users,
-- e-mails or live sessions.
CREATE INDEX user_session_by_revocation ON user_session (revoked_at) WHERE revoked_at IS NOT NULL;

CREATE FUNCTION sessions_revoked_within(period INTERVAL) RETURNS SETOF UUID
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = auth, pg_temp
AS $$
    SELECT id FROM auth.user_session WHERE revoked_at >= now() - period
$$;
REVOKE ALL ON FUNCTION sessions_revoked_within(INTERVAL) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sessions_revoked_within(INTERVAL) TO revocation_reader;

-- session_revoked(uuid) stays for replicas of the previous release during a rolling update; no
-- service of this release calls it.
