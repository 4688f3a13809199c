-- Every processing step of a webhook delivery, append-only: the admin timeline of a delivery.
CREATE TABLE toss_webhook_attempt
(
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id BIGINT      NOT NULL REFERENCES toss_webhook_delivery (id),
  attempt     INT         NOT NULL,
  outcome     TEXT        NOT NULL,
  detail      TEXT,
  at          TIMESTAMPTZ NOT NULL,
  CONSTRAINT toss_webhook_attempt_once UNIQUE (delivery_id, attempt)
);
