-- Products of the catalog; quantity is the stock on hand and never goes below zero.
CREATE TABLE product (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT           NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description TEXT           NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
    price       NUMERIC(12, 2) NOT NULL CHECK (price >= 0),
    rating      NUMERIC(2, 1)  NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
    category    TEXT           NOT NULL CHECK (length(category) BETWEEN 1 AND 100),
    quantity    INTEGER        NOT NULL CHECK (quantity >= 0),
    images      TEXT[]         NOT NULL DEFAULT '{}',
    brand       TEXT           NOT NULL DEFAULT '',
    colors      TEXT[]         NOT NULL DEFAULT '{}',
    sku         TEXT UNIQUE    CHECK (length(sku) BETWEEN 1 AND 64),
    -- dimensions: centimetres and kilograms; unknown is NULL
    height      NUMERIC(10, 2) CHECK (height >= 0),
    width       NUMERIC(10, 2) CHECK (width >= 0),
    length      NUMERIC(10, 2) CHECK (length >= 0),
    weight      NUMERIC(10, 3) CHECK (weight >= 0),
    created_at  TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ    NOT NULL DEFAULT now()
);

-- Every listing is ordered by (name, id): the index serves the unfiltered page without a sort.
CREATE INDEX product_by_name ON product (name, id);
-- The category filter is case-insensitive and keeps the same order.
CREATE INDEX product_by_category ON product (lower(category), name, id);
-- q matches words of the name by prefix, case-insensitively ('simple' lower-cases and does no
-- stemming). pg_trgm would need a superuser to install; full-text search is built in.
CREATE INDEX product_name_words ON product USING gin (to_tsvector('simple', name));

-- One row per order the order service asked to reserve for: the first outcome is kept, so a
-- retried request answers the same and changes nothing. RELEASED rows without lines are orders
-- released before any reservation arrived; a late reservation for them is refused.
CREATE TABLE stock_reservation (
    order_id   TEXT        PRIMARY KEY CHECK (length(order_id) BETWEEN 1 AND 100),
    status     TEXT        NOT NULL CHECK (status IN ('RESERVED', 'REJECTED', 'RELEASED')),
    reason     TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- What a reservation took from stock, given back once on release. No foreign key to product: a
-- product deleted while reserved must not block its deletion or the release.
CREATE TABLE stock_reservation_line (
    order_id   TEXT    NOT NULL REFERENCES stock_reservation ON DELETE CASCADE,
    product_id BIGINT  NOT NULL,
    quantity   INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, product_id)
);
