-- API keys of the merchant REST API, stored only as SHA-256 hashes; the key itself is shown once.
CREATE TABLE api_key
(
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       TEXT        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  prefix     TEXT        NOT NULL,
  hash       TEXT        NOT NULL,
  role       TEXT        NOT NULL CHECK (role IN ('MERCHANT', 'ADMIN')),
  created_at TIMESTAMPTZ NOT NULL,
  revoked_at TIMESTAMPTZ,
  CONSTRAINT api_key_hash_unique UNIQUE (hash)
);

-- People who sign in to the admin console; passwords as delegating (bcrypt) hashes.
CREATE TABLE admin_user
(
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username      TEXT        NOT NULL,
  password_hash TEXT        NOT NULL,
  created_at    TIMESTAMPTZ NOT NULL,
  disabled_at   TIMESTAMPTZ,
  CONSTRAINT admin_user_username_unique UNIQUE (username)
);
