-- Consent (전자상거래법): a price increase or a trial's first paid charge needs the subscriber's
-- explicit consent, given within the window before the change (30 days by default). One request per
-- subscription and change date; the window and the deadline are checked by the database too.
CREATE TABLE consent_request
(
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subscription_id BIGINT      NOT NULL REFERENCES subscription (id),
  customer_id     BIGINT      NOT NULL REFERENCES customer (id),
  kind            TEXT        NOT NULL CHECK (kind IN ('PRICE_INCREASE', 'TRIAL_CONVERSION')),
  status          TEXT        NOT NULL CHECK (status IN
                    ('SCHEDULED', 'REQUESTED', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'APPLIED', 'LAPSED', 'SUPERSEDED')),
  plan_name       TEXT        NOT NULL,
  price_before    BIGINT      NOT NULL CHECK (price_before >= 0),
  price_after     BIGINT      NOT NULL,
  change_date     DATE        NOT NULL,
  change_at       TIMESTAMPTZ NOT NULL,
  window_opens_at TIMESTAMPTZ NOT NULL,
  payment_method  TEXT        NOT NULL,
  shown_text      TEXT        NOT NULL,
  text_hash       TEXT        NOT NULL CHECK (text_hash ~ '^[0-9a-f]{64}$'),
  next_send_at    TIMESTAMPTZ,
  requested_at    TIMESTAMPTZ,
  reminded_at     TIMESTAMPTZ,
  accepted_at     TIMESTAMPTZ,
  decided_at      TIMESTAMPTZ,
  created_at      TIMESTAMPTZ NOT NULL,
  updated_at      TIMESTAMPTZ NOT NULL,
  CHECK (price_after > price_before),
  CHECK (window_opens_at < change_at),
  -- consent counts only when given inside the window, before the change
  CHECK (accepted_at IS NULL OR (accepted_at >= window_opens_at AND accepted_at < change_at)),
  CHECK (status NOT IN ('ACCEPTED', 'APPLIED') OR accepted_at IS NOT NULL)
);
CREATE UNIQUE INDEX consent_request_one_per_change ON consent_request (subscription_id, change_date)
  WHERE status <> 'SUPERSEDED';
CREATE INDEX consent_request_subscription_idx ON consent_request (subscription_id, id);
CREATE INDEX consent_request_send_idx ON consent_request (next_send_at) WHERE next_send_at IS NOT NULL;

-- "Don't ask me again for N days", per subscription: no request is sent before snoozed_until.
CREATE TABLE consent_snooze
(
  subscription_id BIGINT PRIMARY KEY REFERENCES subscription (id),
  snoozed_until   TIMESTAMPTZ NOT NULL,
  days            INT         NOT NULL CHECK (days >= 1),
  chosen_at       TIMESTAMPTZ NOT NULL
);

-- Append-only: every step of every consent (who, what, when, the text shown).
CREATE TABLE consent_history
(
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id      BIGINT REFERENCES consent_request (id),
  subscription_id BIGINT      NOT NULL REFERENCES subscription (id),
  customer_id     BIGINT      NOT NULL,
  occurred_at     TIMESTAMPTZ NOT NULL,
  action          TEXT        NOT NULL,
  actor           TEXT        NOT NULL,
  channel         TEXT,
  ip              TEXT,
  shown_text      TEXT,
  text_hash       TEXT,
  detail          TEXT        NOT NULL DEFAULT ''
);
CREATE INDEX consent_history_subscription_idx ON consent_history (subscription_id, id);
CREATE INDEX consent_history_request_idx ON consent_history (request_id, id);

CREATE FUNCTION consent_history_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
  RAISE EXCEPTION 'consent_history is append-only';
END
$$;
CREATE TRIGGER consent_history_append_only
  BEFORE UPDATE OR DELETE ON consent_history
  FOR EACH ROW EXECUTE FUNCTION consent_history_append_only();
