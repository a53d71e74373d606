-- Failed logins per account (normalised e-mail) and per client address, shared by every auth
-- replica so that the fleet, not each JVM, allows so many failures per window (LoginThrottle).
-- A row counts the failures of one window, which starts at the first failure after the last one
-- ended; expired rows are purged hourly.
CREATE TABLE login_failure (
    kind         TEXT        NOT NULL CHECK (kind IN ('account', 'address')),
    subject      TEXT        NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    failures     INTEGER     NOT NULL,
    PRIMARY KEY (kind, subject)
);
CREATE INDEX login_failure_by_window ON login_failure (window_start);
