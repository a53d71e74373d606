-- Products of the catalog; quantity is the stock on hand and never goes below zero.
CREATE TABLE product (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT           NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description TEXT           NOT NULL DEFAULT '',
    price       NUMERIC(12, 2) NOT NULL CHECK (price >= 0),
    rating      NUMERIC(2, 1)  NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
    category    TEXT           NOT NULL,
    quantity    INTEGER        NOT NULL CHECK (quantity >= 0),
    created_at  TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ    NOT NULL DEFAULT now()
);
