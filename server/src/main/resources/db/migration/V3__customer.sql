-- Customers. customer_key is what Toss knows the customer by: random, made once, never changed.
CREATE TABLE customer
(
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_key TEXT        NOT NULL,
  email        TEXT CHECK (char_length(email) <= 100),
  name         TEXT CHECK (char_length(name) <= 100),
  external_id  TEXT CHECK (char_length(external_id) <= 100),
  created_at   TIMESTAMPTZ NOT NULL,
  deleted_at   TIMESTAMPTZ,
  CONSTRAINT customer_key_unique UNIQUE (customer_key),
  CONSTRAINT customer_key_format CHECK (customer_key ~ '^[a-zA-Z0-9_=.@-]+$' AND char_length(customer_key) BETWEEN 2 AND 300)
);
CREATE INDEX customer_external_id_idx ON customer (external_id) WHERE external_id IS NOT NULL;

-- Cards registered through Toss's window. The billing key is stored only encrypted
-- ("keyId:base64(iv || AES-256-GCM ciphertext+tag)"); billing_key_hash (HMAC-SHA256, hex) finds a
-- card from a BILLING_DELETED webhook without decrypting every row. No card number is stored,
-- only Toss's masked one.
CREATE TABLE card
(
  id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id          BIGINT      NOT NULL REFERENCES customer (id),
  status               TEXT        NOT NULL CHECK (status IN ('CURRENT', 'REPLACED', 'DELETED_AT_TOSS', 'DELETED')),
  billing_key          TEXT        NOT NULL,
  billing_key_hash     TEXT        NOT NULL,
  issuer_code          TEXT,
  issuer_name          TEXT        NOT NULL,
  masked_number        TEXT        NOT NULL,
  card_type            TEXT        NOT NULL,
  owner_type           TEXT        NOT NULL,
  created_at           TIMESTAMPTZ NOT NULL,
  status_changed_at    TIMESTAMPTZ NOT NULL,
  status_reason        TEXT,
  -- set once Toss confirmed the key deleted (a replaced or deleted card's key is removed at Toss)
  toss_key_deleted_at  TIMESTAMPTZ,
  -- last attempt to delete the key at Toss: claims the row so two nodes do not both try
  toss_delete_tried_at TIMESTAMPTZ,
  CONSTRAINT card_billing_key_hash_unique UNIQUE (billing_key_hash)
);
-- At most one current card per customer.
CREATE UNIQUE INDEX card_one_current_per_customer ON card (customer_id) WHERE status = 'CURRENT';
CREATE INDEX card_key_to_delete_idx ON card (id)
  WHERE status IN ('REPLACED', 'DELETED') AND toss_key_deleted_at IS NULL;
