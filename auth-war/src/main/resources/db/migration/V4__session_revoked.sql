-- The one question other services may ask auth's data: has this session been revoked? Access
-- tokens carry their session's id (claim "sid"); every service (platform's SessionRevocation)
-- asks this about the tokens it accepts, so a logout or the reuse of a rotated refresh token stops
-- the session's access tokens everywhere within seconds instead of at their expiry.
--
-- Least privilege: catalog and orders get neither auth's tables nor a view of them, only EXECUTE
-- on this function through the group role revocation_reader (created by the provisioning, granted
-- to them there). Given one session id they learn one boolean; they cannot list sessions or users.
-- SECURITY DEFINER runs it with auth's rights; the pinned search_path keeps callers from
-- substituting objects of their own.
CREATE FUNCTION session_revoked(session UUID) RETURNS BOOLEAN
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = auth, pg_temp
AS $$
    SELECT EXISTS (SELECT 1 FROM auth.user_session WHERE id = session AND revoked_at IS NOT NULL)
$$;
REVOKE ALL ON FUNCTION session_revoked(UUID) FROM PUBLIC;
GRANT USAGE ON SCHEMA auth TO revocation_reader;
GRANT EXECUTE ON FUNCTION session_revoked(UUID) TO revocation_reader;
