-- Plans on sale. A price is whole won: 0 (a free plan, never charged) or at least 100 (Toss's card minimum).
CREATE TABLE plan
(
  id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code                TEXT        NOT NULL,
  name                TEXT        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  description         TEXT        NOT NULL DEFAULT '' CHECK (char_length(description) <= 1000),
  price               BIGINT      NOT NULL CHECK (price = 0 OR price BETWEEN 100 AND 1000000000),
  interval_unit       TEXT        NOT NULL CHECK (interval_unit IN ('WEEK', 'MONTH', 'YEAR')),
  interval_count      INT         NOT NULL CHECK (interval_count >= 1),
  trial_days          INT         NOT NULL CHECK (trial_days BETWEEN 0 AND 365),
  status              TEXT        NOT NULL CHECK (status IN ('ACTIVE', 'ARCHIVED')),
  access_during_grace BOOLEAN     NOT NULL,
  created_at          TIMESTAMPTZ NOT NULL,
  updated_at          TIMESTAMPTZ NOT NULL,
  archived_at         TIMESTAMPTZ,
  CONSTRAINT plan_code_unique UNIQUE (code),
  CONSTRAINT plan_code_format CHECK (code ~ '^[a-z0-9-]{2,40}$'),
  CONSTRAINT plan_archived_at CHECK ((status = 'ARCHIVED') = (archived_at IS NOT NULL))
);

-- Entitlements a plan grants, checked by the merchant's product.
CREATE TABLE plan_feature
(
  plan_id BIGINT NOT NULL REFERENCES plan (id),
  key     TEXT   NOT NULL CHECK (key ~ '^[A-Za-z0-9_.:-]{1,64}$'),
  value   TEXT   NOT NULL CHECK (char_length(value) <= 500),
  PRIMARY KEY (plan_id, key)
);

-- Append-only price history: the first row is the price at creation; each change adds a row.
CREATE TABLE plan_price_history
(
  id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id           BIGINT      NOT NULL REFERENCES plan (id),
  price             BIGINT      NOT NULL CHECK (price = 0 OR price BETWEEN 100 AND 1000000000),
  previous_price    BIGINT,
  apply_to_existing BOOLEAN     NOT NULL,
  changed_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX plan_price_history_plan_idx ON plan_price_history (plan_id, changed_at);
