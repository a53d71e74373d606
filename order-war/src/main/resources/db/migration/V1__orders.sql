-- Orders. Prices and totals are exact (NUMERIC), never floating point; names and prices are the
-- catalog's at order time, copied so that later catalog changes do not rewrite history.
CREATE TABLE customer_order (
    id         UUID           PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    TEXT           NOT NULL,
    status     TEXT           NOT NULL CHECK (status IN ('CREATED', 'PROCESSING', 'COMPLETED', 'FAILED')),
    reason     TEXT,
    total      NUMERIC(12, 2) NOT NULL CHECK (total >= 0),
    created_at TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ    NOT NULL DEFAULT now()
);
-- A user's orders newest first, and everyone's for admins; id breaks ties so paging is stable.
CREATE INDEX customer_order_user_newest ON customer_order (user_id, created_at DESC, id DESC);
CREATE INDEX customer_order_newest ON customer_order (created_at DESC, id DESC);

CREATE TABLE order_line (
    order_id   UUID           NOT NULL REFERENCES customer_order (id) ON DELETE CASCADE,
    line_no    SMALLINT       NOT NULL CHECK (line_no BETWEEN 1 AND 50),
    product_id TEXT           NOT NULL,
    name       TEXT           NOT NULL,
    quantity   INTEGER        NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    price      NUMERIC(12, 2) NOT NULL CHECK (price >= 0),
    PRIMARY KEY (order_id, line_no)
);

-- Every status an order entered, once each: the audit trail that proves "final exactly once".
CREATE TABLE order_status_change (
    id         BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id   UUID        NOT NULL REFERENCES customer_order (id) ON DELETE CASCADE,
    status     TEXT        NOT NULL,
    reason     TEXT,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX order_status_change_order ON order_status_change (order_id, id);
