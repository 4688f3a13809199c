-- The renewal path reshaped (docs/architecture.md): every table belongs to one module, the payment
-- ledger keeps an append-only history, and due work is found without joining another module's table.

-- Tables named after the module that owns them.
ALTER TABLE billing_installation RENAME TO payment_installation;
ALTER TABLE billing_customer_clock RENAME TO test_clock_customer;

-- A customer's test-clock offset is copied onto their subscriptions when it moves (the testclock
-- module's TestClockMoved event); due_at is next_action_at in server time, what the renewal claims.
-- Outside sandbox mode the offset is always 0 and due_at equals next_action_at.
ALTER TABLE subscription ADD COLUMN clock_offset_seconds BIGINT NOT NULL DEFAULT 0
  CHECK (clock_offset_seconds >= 0);
UPDATE subscription s SET clock_offset_seconds = c.offset_seconds
FROM test_clock_customer c WHERE c.customer_id = s.customer_id;
ALTER TABLE subscription ADD COLUMN due_at TIMESTAMPTZ;
UPDATE subscription SET due_at = next_action_at - make_interval(secs => clock_offset_seconds);
DROP INDEX subscription_due_idx;
CREATE INDEX subscription_due_idx ON subscription (due_at) WHERE due_at IS NOT NULL;

-- The plan an upgrade charge in flight moves the subscription to, exactly as quoted when the charge
-- was made: a catalog price changed before the approval does not change what the upgrade bought.
ALTER TABLE subscription
  ADD COLUMN upgrade_plan_id BIGINT,
  ADD COLUMN upgrade_plan_name TEXT,
  ADD COLUMN upgrade_price BIGINT CHECK (upgrade_price >= 0),
  ADD COLUMN upgrade_access_during_grace BOOLEAN;

-- The same offset for consent requests, whose sends are due in the customer's time.
ALTER TABLE consent_request ADD COLUMN clock_offset_seconds BIGINT NOT NULL DEFAULT 0
  CHECK (clock_offset_seconds >= 0);
UPDATE consent_request r SET clock_offset_seconds = c.offset_seconds
FROM test_clock_customer c WHERE c.customer_id = r.customer_id;

-- A payment Toss approved after tossbill had settled it otherwise (declined, given up for a new
-- card) or that paid for nothing (the period was paid or the subscription ended meanwhile): money
-- moved, so it is refunded in full; it never counts as the period's payment.
ALTER TABLE payment DROP CONSTRAINT payment_status_check;
ALTER TABLE payment ADD CONSTRAINT payment_status_check
  CHECK (status IN ('PENDING', 'APPROVED', 'DECLINED', 'UNKNOWN', 'LATE_APPROVED'));

-- Append-only: every state a payment passes through and every step of its refunds. The payment and
-- refund rows hold the current state; this table holds everything that was ever known.
CREATE TABLE payment_history
(
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payment_id  BIGINT      NOT NULL REFERENCES payment (id),
  refund_id   BIGINT REFERENCES refund (id),
  occurred_at TIMESTAMPTZ NOT NULL,
  kind        TEXT        NOT NULL,
  status      TEXT        NOT NULL,
  amount      BIGINT,
  code        TEXT,
  message     TEXT,
  payment_key TEXT,
  detail      TEXT        NOT NULL DEFAULT ''
);
CREATE INDEX payment_history_payment_idx ON payment_history (payment_id, id);

CREATE FUNCTION payment_history_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
  RAISE EXCEPTION 'payment_history is append-only';
END
$$;
CREATE TRIGGER payment_history_append_only
  BEFORE UPDATE OR DELETE ON payment_history
  FOR EACH ROW EXECUTE FUNCTION payment_history_append_only();

-- What was known before this history existed, so the history is complete from the first row.
INSERT INTO payment_history (payment_id, occurred_at, kind, status, amount, code, message, payment_key, detail)
SELECT id, requested_at, 'ATTEMPTED', 'PENDING', amount, NULL, NULL, NULL, order_id FROM payment;
INSERT INTO payment_history (payment_id, occurred_at, kind, status, amount, code, message, payment_key, detail)
SELECT id, coalesce(settled_at, requested_at), status, status, amount,
       coalesce(failure_code, answered_code), coalesce(failure_message, unknown_reason), payment_key, ''
FROM payment WHERE status <> 'PENDING';
