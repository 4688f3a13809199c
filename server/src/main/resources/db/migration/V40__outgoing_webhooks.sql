-- Outgoing webhooks (module hooks, docs/webhooks-out.md): the merchant's endpoints, the events the
-- engine emitted for them (written in the engine's own transaction: an event row exists exactly when
-- the change that caused it committed), one delivery per event and endpoint, and a log of every try.

-- Where events go. The signing secret is needed in clear to sign (HMAC), so it is stored as it is;
-- it is shown once (at creation and when rolled) and never again by the API or the console. While a
-- rolled secret overlaps, deliveries carry a signature with each.
CREATE TABLE hook_endpoint
(
  id                         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  url                        TEXT        NOT NULL CHECK (char_length(url) BETWEEN 1 AND 2000),
  description                TEXT        NOT NULL DEFAULT '' CHECK (char_length(description) <= 500),
  -- '*' for every type, else a comma-separated list of types or groups ('payment.*')
  event_types                TEXT        NOT NULL CHECK (event_types ~ '^[a-z_.*]+(,[a-z_.*]+)*$'),
  secret                     TEXT        NOT NULL CHECK (secret LIKE 'whsec\_%'),
  previous_secret            TEXT CHECK (previous_secret LIKE 'whsec\_%'),
  previous_secret_expires_at TIMESTAMPTZ,
  enabled                    BOOLEAN     NOT NULL,
  -- MANUAL: a person disabled it; FAILING: every try failed for long enough (auto-disabled)
  disabled_reason            TEXT CHECK (disabled_reason IN ('MANUAL', 'FAILING')),
  disabled_at                TIMESTAMPTZ,
  -- the first failed try since the last delivered one, and how many failed in a row
  failing_since              TIMESTAMPTZ,
  consecutive_failures       INT         NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
  last_success_at            TIMESTAMPTZ,
  created_at                 TIMESTAMPTZ NOT NULL,
  updated_at                 TIMESTAMPTZ NOT NULL,
  CONSTRAINT hook_endpoint_disabled_has_reason
    CHECK (enabled = (disabled_reason IS NULL) AND enabled = (disabled_at IS NULL)),
  CONSTRAINT hook_endpoint_previous_secret_expires
    CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL))
);

-- The last sequence number given per ordering scope ('subscription:42', 'customer:7'). The upsert
-- that takes the next one locks the row until the engine's transaction commits, so numbers follow
-- the commit order of one subscription's changes.
CREATE TABLE hook_sequence
(
  scope      TEXT   PRIMARY KEY CHECK (char_length(scope) <= 100),
  last_value BIGINT NOT NULL CHECK (last_value > 0)
);

-- One event as it is sent: the body is stored as the exact bytes every try and every endpoint gets
-- (the signature changes with the timestamp; the body never does). dedupe_key names the cause where
-- the engine's change has an identity of its own (a payment, a period), so a cause published twice is
-- one event.
CREATE TABLE hook_event
(
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id       TEXT        NOT NULL CHECK (public_id ~ '^evt_[0-9a-f]{32}$'),
  type            TEXT        NOT NULL CHECK (type ~ '^[a-z_]+\.[a-z_]+$'),
  dedupe_key      TEXT CHECK (char_length(dedupe_key) <= 200),
  customer_id     BIGINT      NOT NULL,
  subscription_id BIGINT,
  sequence        BIGINT      NOT NULL CHECK (sequence > 0),
  payload         TEXT        NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL,
  CONSTRAINT hook_event_public_id_unique UNIQUE (public_id),
  CONSTRAINT hook_event_dedupe_key_unique UNIQUE (dedupe_key)
);
CREATE INDEX hook_event_created_idx ON hook_event (created_at);

-- One event for one endpoint: PENDING (waiting for its next try, or being tried under a claim) →
-- DELIVERED (a 2xx) or FAILED (every try of the retry schedule failed). A replay puts it back to
-- PENDING. The unique constraint makes a second delivery of one event to one endpoint impossible.
CREATE TABLE hook_delivery
(
  id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id         BIGINT      NOT NULL REFERENCES hook_event (id) ON DELETE CASCADE,
  endpoint_id      BIGINT      NOT NULL REFERENCES hook_endpoint (id) ON DELETE CASCADE,
  status           TEXT        NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
  attempts         INT         NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- tries counted by the retry schedule: reset by a replay
  schedule_step    INT         NOT NULL DEFAULT 0 CHECK (schedule_step >= 0),
  replays          INT         NOT NULL DEFAULT 0 CHECK (replays >= 0),
  next_attempt_at  TIMESTAMPTZ,
  -- set while a node tries it (next_attempt_at is then the claim's lease end)
  claim_token      UUID,
  last_attempt_at  TIMESTAMPTZ,
  last_status_code INT,
  last_error       TEXT CHECK (char_length(last_error) <= 500),
  delivered_at     TIMESTAMPTZ,
  created_at       TIMESTAMPTZ NOT NULL,
  CONSTRAINT hook_delivery_one_per_event_and_endpoint UNIQUE (event_id, endpoint_id),
  CONSTRAINT hook_delivery_pending_has_time CHECK (status <> 'PENDING' OR next_attempt_at IS NOT NULL)
);
CREATE INDEX hook_delivery_due_idx ON hook_delivery (next_attempt_at, id) WHERE status = 'PENDING';
CREATE INDEX hook_delivery_endpoint_idx ON hook_delivery (endpoint_id, id DESC);

-- Every try: when, the answer's status (none when no answer came), how long it took, what kind of
-- outcome, and the start of the answer's body (at most 1024 characters, control characters removed).
CREATE TABLE hook_attempt
(
  id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id      BIGINT      NOT NULL REFERENCES hook_delivery (id) ON DELETE CASCADE,
  attempt_no       INT         NOT NULL CHECK (attempt_no > 0),
  attempted_at     TIMESTAMPTZ NOT NULL,
  status_code      INT CHECK (status_code BETWEEN 100 AND 999),
  outcome          TEXT        NOT NULL CHECK (outcome IN
                     ('DELIVERED', 'HTTP_ERROR', 'REDIRECT', 'TIMEOUT', 'CONNECTION_FAILED', 'ERROR')),
  latency_ms       BIGINT      NOT NULL CHECK (latency_ms >= 0),
  response_excerpt TEXT CHECK (char_length(response_excerpt) <= 1024),
  error            TEXT CHECK (char_length(error) <= 500)
);
CREATE INDEX hook_attempt_delivery_idx ON hook_attempt (delivery_id, id);
