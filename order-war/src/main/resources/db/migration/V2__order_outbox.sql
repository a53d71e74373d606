-- The transactional outbox: a row commits with its order and is deleted in the transaction that
-- settles the order, so an accepted order is never lost and never left unprocessed.
-- available_at is both the retry schedule and the lease of the worker that claimed the row: a
-- worker that dies simply lets it run out, and another worker (or the restarted one) resumes.
CREATE TABLE order_outbox (
    order_id     UUID        PRIMARY KEY REFERENCES customer_order (id) ON DELETE CASCADE,
    available_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts     INTEGER     NOT NULL DEFAULT 0,
    last_error   TEXT
);
CREATE INDEX order_outbox_due ON order_outbox (available_at);

-- Idempotency-Key of POST /api/order/create-order, per user; replaced once expired.
CREATE TABLE idempotency_key (
    user_id      TEXT        NOT NULL,
    key          TEXT        NOT NULL,
    request_hash TEXT        NOT NULL,
    order_id     UUID        NOT NULL REFERENCES customer_order (id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);
