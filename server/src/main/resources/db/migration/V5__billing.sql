-- This installation's short random id: part of every orderId, so two tossbill installations sharing
-- one Toss merchant can never send the same orderId.
CREATE TABLE billing_installation
(
  singleton   BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
  id          TEXT NOT NULL CHECK (id ~ '^[a-z0-9]{6}$'),
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO billing_installation (id) VALUES (substr(md5(random()::text || clock_timestamp()::text), 1, 6));

-- Per-customer test clocks (sandbox mode only): how far a customer's billing time is ahead of the
-- server's (already movable) clock.
CREATE TABLE billing_customer_clock
(
  customer_id    BIGINT PRIMARY KEY,
  offset_seconds BIGINT NOT NULL CHECK (offset_seconds >= 0),
  updated_at     TIMESTAMPTZ NOT NULL
);
