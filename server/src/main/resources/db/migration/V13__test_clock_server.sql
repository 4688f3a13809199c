-- The server-wide test clock (sandbox mode only): how far every node's clock is ahead of the
-- system clock. Kept in the database so every node follows it; it only ever grows.
CREATE TABLE test_clock_server
(
  singleton     BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
  offset_millis BIGINT      NOT NULL DEFAULT 0 CHECK (offset_millis >= 0),
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO test_clock_server (offset_millis) VALUES (0);
