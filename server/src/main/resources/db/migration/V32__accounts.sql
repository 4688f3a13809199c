-- Subscriber accounts for a merchant that runs tossbill as its billing site: sign up, log in, reset
-- the password by mail. Each account is one customer (created with it). Passwords as delegating
-- (bcrypt) hashes; the address is unique regardless of case.
CREATE TABLE account
(
  id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email               TEXT        NOT NULL CHECK (char_length(email) BETWEEN 3 AND 100),
  name                TEXT CHECK (char_length(name) <= 100),
  password_hash       TEXT        NOT NULL,
  customer_id         BIGINT      NOT NULL,
  locale              TEXT        NOT NULL CHECK (locale IN ('ko', 'en')),
  created_at          TIMESTAMPTZ NOT NULL,
  password_changed_at TIMESTAMPTZ NOT NULL,
  CONSTRAINT account_customer_unique UNIQUE (customer_id)
);
CREATE UNIQUE INDEX account_email_unique ON account (lower(email));

-- Password reset links: only the SHA-256 of the token is stored; a token works once, before it
-- expires, and using one voids the account's other tokens.
CREATE TABLE password_reset_token
(
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id BIGINT      NOT NULL REFERENCES account (id),
  token_hash TEXT        NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  created_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL CHECK (expires_at > created_at),
  used_at    TIMESTAMPTZ,
  CONSTRAINT password_reset_token_hash_unique UNIQUE (token_hash)
);
CREATE INDEX password_reset_token_account_idx ON password_reset_token (account_id, created_at);
