-- Toss's webhooks as delivered: the raw body, a few of Toss's headers, and where processing stands.
-- One row per transmission: Toss retries a delivery with the same transmission id, and the unique
-- constraint (not application code) makes a redelivery a no-op. A delivery without a transmission id
-- is identified by 'sha256:' + the hex SHA-256 of its body bytes.
CREATE TABLE toss_webhook_delivery
(
  id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transmission_id    TEXT        NOT NULL,
  event_type         TEXT,
  payment_key        TEXT,
  order_id           TEXT,
  billing_key_masked TEXT,
  raw_body           TEXT        NOT NULL,
  headers            JSONB       NOT NULL,
  transmission_time  TEXT,
  retried_count      INT,
  received_at        TIMESTAMPTZ NOT NULL,
  status             TEXT        NOT NULL,
  attempts           INT         NOT NULL DEFAULT 0,
  next_attempt_at    TIMESTAMPTZ,
  last_error         TEXT,
  processed_at       TIMESTAMPTZ,
  CONSTRAINT toss_webhook_delivery_transmission_id_key UNIQUE (transmission_id),
  CONSTRAINT toss_webhook_delivery_status_check
    CHECK (status IN ('RECEIVED', 'PENDING_RETRY', 'PROCESSED', 'IGNORED', 'REJECTED', 'FAILED')),
  CONSTRAINT toss_webhook_delivery_attempts_check CHECK (attempts >= 0),
  CONSTRAINT toss_webhook_delivery_open_has_next_attempt
    CHECK (status NOT IN ('RECEIVED', 'PENDING_RETRY') OR next_attempt_at IS NOT NULL)
);

-- What the retry job claims: open deliveries whose next attempt is due.
CREATE INDEX toss_webhook_delivery_due_idx ON toss_webhook_delivery (next_attempt_at)
  WHERE status IN ('RECEIVED', 'PENDING_RETRY');
CREATE INDEX toss_webhook_delivery_received_at_idx ON toss_webhook_delivery (received_at DESC, id DESC);
CREATE INDEX toss_webhook_delivery_payment_key_idx ON toss_webhook_delivery (payment_key)
  WHERE payment_key IS NOT NULL;
