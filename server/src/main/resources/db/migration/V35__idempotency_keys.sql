-- Idempotency-Key on the merchant API's POSTs (Stripe's semantics): per API key, the first request's
-- fingerprint and, once it finished, its answer, replayed for the same key and the same request.
CREATE TABLE idempotency_key
(
  api_key_id   BIGINT      NOT NULL,
  key          TEXT        NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
  fingerprint  TEXT        NOT NULL,
  state        TEXT        NOT NULL CHECK (state IN ('RUNNING', 'DONE')),
  status       INT CHECK (status BETWEEN 100 AND 599),
  content_type TEXT,
  location     TEXT,
  body         BYTEA,
  created_at   TIMESTAMPTZ NOT NULL,
  -- a RUNNING request whose node died is taken over after this
  locked_until TIMESTAMPTZ NOT NULL,
  expires_at   TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (api_key_id, key),
  CONSTRAINT idempotency_key_done_has_answer CHECK (state = 'RUNNING' OR status IS NOT NULL)
);
CREATE INDEX idempotency_key_expires_idx ON idempotency_key (expires_at);
