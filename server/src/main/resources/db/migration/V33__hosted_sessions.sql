-- Checkout and portal sessions the merchant's API creates for a merchant with its own login: each
-- hands out one link that works without a tossbill login, for one customer, until it expires.
-- Only the SHA-256 of the link's random token is stored, so the table cannot rebuild a link.
CREATE TABLE hosted_session
(
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id       TEXT        NOT NULL CHECK (public_id ~ '^(cs|ps)_[A-Za-z0-9]{24}$'),
  kind            TEXT        NOT NULL CHECK (kind IN ('CHECKOUT', 'PORTAL')),
  token_hash      TEXT        NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  customer_id     BIGINT      NOT NULL,
  plan_id         BIGINT,
  success_url     TEXT CHECK (char_length(success_url) <= 2000),
  cancel_url      TEXT CHECK (char_length(cancel_url) <= 2000),
  return_url      TEXT CHECK (char_length(return_url) <= 2000),
  -- where a portal link lands, e.g. a consent request's page reached from a mail
  landing_path    TEXT        NOT NULL DEFAULT '/my' CHECK (landing_path ~ '^/my(/[A-Za-z0-9_/-]*)?$'),
  created_by      TEXT        NOT NULL CHECK (char_length(created_by) <= 200),
  created_at      TIMESTAMPTZ NOT NULL,
  expires_at      TIMESTAMPTZ NOT NULL CHECK (expires_at > created_at),
  opened_at       TIMESTAMPTZ,
  completed_at    TIMESTAMPTZ,
  subscription_id BIGINT,
  CONSTRAINT hosted_session_public_id_unique UNIQUE (public_id),
  CONSTRAINT hosted_session_token_hash_unique UNIQUE (token_hash),
  CONSTRAINT hosted_session_checkout_fields CHECK (
    (kind = 'CHECKOUT' AND plan_id IS NOT NULL AND success_url IS NOT NULL AND cancel_url IS NOT NULL
       AND return_url IS NULL)
    OR (kind = 'PORTAL' AND plan_id IS NULL AND success_url IS NULL AND cancel_url IS NULL
       AND return_url IS NOT NULL)),
  CONSTRAINT hosted_session_completed CHECK ((completed_at IS NULL) = (subscription_id IS NULL))
);
CREATE INDEX hosted_session_customer_idx ON hosted_session (customer_id, created_at);
