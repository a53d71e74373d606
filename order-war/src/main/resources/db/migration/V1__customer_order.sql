-- Orders; prices and totals are exact (NUMERIC), never floating point.
CREATE TABLE customer_order (
    id         UUID           PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    TEXT           NOT NULL,
    status     TEXT           NOT NULL,
    total      NUMERIC(12, 2) NOT NULL,
    created_at TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ    NOT NULL DEFAULT now()
);
CREATE INDEX customer_order_user_created ON customer_order (user_id, created_at DESC);
