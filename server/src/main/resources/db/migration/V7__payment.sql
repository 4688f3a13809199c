-- The ledger of charge attempts. A row is committed (PENDING) before Toss is called; the outcome is
-- written afterwards in its own transaction. Amounts in won.
CREATE TABLE payment
(
  id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subscription_id  BIGINT      NOT NULL REFERENCES subscription (id),
  customer_id      BIGINT      NOT NULL,
  purpose          TEXT        NOT NULL CHECK (purpose IN ('PERIOD', 'PRORATION')),
  period_no        INT         NOT NULL CHECK (period_no >= 1),
  attempt_no       INT         NOT NULL CHECK (attempt_no >= 1),
  period_start     DATE        NOT NULL,
  period_end       DATE        NOT NULL,
  order_id         TEXT        NOT NULL UNIQUE CHECK (order_id ~ '^[A-Za-z0-9_-]{6,64}$'),
  idempotency_key  TEXT        NOT NULL UNIQUE,
  order_name       TEXT        NOT NULL,
  amount           BIGINT      NOT NULL CHECK (amount >= 100),
  target_plan_id   BIGINT,
  status           TEXT        NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'DECLINED', 'UNKNOWN')),
  payment_key      TEXT UNIQUE,
  approved_at      TIMESTAMPTZ,
  receipt_url      TEXT,
  vat              BIGINT,
  supplied_amount  BIGINT,
  refunded_amount  BIGINT      NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0 AND refunded_amount <= amount),
  failure_code     TEXT,
  failure_message  TEXT,
  decline_kind     TEXT CHECK (decline_kind IN ('HARD', 'SOFT')),
  unknown_reason   TEXT,
  check_count      INT         NOT NULL DEFAULT 0,
  next_check_at    TIMESTAMPTZ,
  requested_at     TIMESTAMPTZ NOT NULL,
  settled_at       TIMESTAMPTZ,
  UNIQUE (subscription_id, purpose, period_no, attempt_no)
);
-- The money invariant: one successful charge per subscription period.
CREATE UNIQUE INDEX payment_one_success_per_period
  ON payment (subscription_id, period_no) WHERE status = 'APPROVED' AND purpose = 'PERIOD';
-- No new attempt for a subscription while one is pending or unknown.
CREATE UNIQUE INDEX payment_one_in_flight_per_subscription
  ON payment (subscription_id) WHERE status IN ('PENDING', 'UNKNOWN');
CREATE INDEX payment_unsettled_idx ON payment (next_check_at) WHERE status IN ('PENDING', 'UNKNOWN');
CREATE INDEX payment_subscription_idx ON payment (subscription_id, id);

-- Refunds (Toss cancels), full or partial, each a row of its own; also those done outside tossbill
-- and learnt from a read-back (source TOSS).
CREATE TABLE refund
(
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payment_id      BIGINT      NOT NULL REFERENCES payment (id),
  amount          BIGINT      NOT NULL CHECK (amount > 0),
  reason          TEXT        NOT NULL,
  source          TEXT        NOT NULL CHECK (source IN ('TOSSBILL', 'TOSS')),
  status          TEXT        NOT NULL CHECK (status IN ('PENDING', 'DONE', 'REFUSED', 'UNKNOWN')),
  idempotency_key TEXT UNIQUE,
  transaction_key TEXT UNIQUE,
  failure_code    TEXT,
  failure_message TEXT,
  requested_at    TIMESTAMPTZ NOT NULL,
  settled_at      TIMESTAMPTZ,
  -- an UNKNOWN refund is read back (and, if Toss never saw it, re-sent with its key) after this
  next_check_at   TIMESTAMPTZ
);
CREATE INDEX refund_payment_idx ON refund (payment_id);
CREATE INDEX refund_unknown_idx ON refund (next_check_at) WHERE status = 'UNKNOWN';
