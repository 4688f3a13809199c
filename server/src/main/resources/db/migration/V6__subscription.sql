-- Subscriptions: price and interval are snapshots of the plan at subscribe (or at a plan change).
-- Periods are computed from anchor_date and anchor_index, never from the previous period's end.
CREATE TABLE subscription
(
  id                          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id                 BIGINT      NOT NULL REFERENCES customer (id),
  plan_id                     BIGINT      NOT NULL REFERENCES plan (id),
  plan_name                   TEXT        NOT NULL,
  price                       BIGINT      NOT NULL CHECK (price >= 0),
  interval_unit               TEXT        NOT NULL CHECK (interval_unit IN ('WEEK', 'MONTH', 'YEAR')),
  interval_count              INT         NOT NULL CHECK (interval_count >= 1),
  access_during_grace         BOOLEAN     NOT NULL,
  status                      TEXT        NOT NULL CHECK (status IN
                                ('INCOMPLETE', 'TRIALING', 'ACTIVE', 'PAST_DUE', 'PAUSED', 'CANCELED', 'EXPIRED')),
  anchor_date                 DATE        NOT NULL,
  charge_time                 TIME        NOT NULL,
  anchor_index                INT         NOT NULL CHECK (anchor_index >= 0),
  period_no                   INT         NOT NULL CHECK (period_no >= 0),
  paid_period_no              INT         NOT NULL CHECK (paid_period_no >= 0 AND paid_period_no <= period_no),
  period_start                DATE        NOT NULL,
  period_end                  DATE        NOT NULL CHECK (period_end > period_start),
  trial_end                   DATE,
  cancel_at_period_end        BOOLEAN     NOT NULL DEFAULT false,
  pending_plan_id             BIGINT,
  pending_plan_name           TEXT,
  pending_price               BIGINT CHECK (pending_price >= 0),
  pending_interval_unit       TEXT,
  pending_interval_count      INT,
  pending_access_during_grace BOOLEAN,
  balance                     BIGINT      NOT NULL DEFAULT 0,
  awaiting_card               BOOLEAN     NOT NULL DEFAULT false,
  next_action_at              TIMESTAMPTZ,
  created_at                  TIMESTAMPTZ NOT NULL,
  updated_at                  TIMESTAMPTZ NOT NULL,
  canceled_at                 TIMESTAMPTZ,
  ended_at                    TIMESTAMPTZ,
  version                     BIGINT      NOT NULL DEFAULT 0
);
CREATE INDEX subscription_due_idx ON subscription (next_action_at) WHERE next_action_at IS NOT NULL;
CREATE INDEX subscription_customer_idx ON subscription (customer_id);
CREATE INDEX subscription_plan_idx ON subscription (plan_id);

-- Append-only: every transition and change of a subscription; the admin timeline reads it.
CREATE TABLE subscription_history
(
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subscription_id BIGINT      NOT NULL REFERENCES subscription (id),
  occurred_at     TIMESTAMPTZ NOT NULL,
  kind            TEXT        NOT NULL,
  from_status     TEXT,
  to_status       TEXT        NOT NULL,
  period_no       INT         NOT NULL,
  detail          TEXT        NOT NULL DEFAULT ''
);
CREATE INDEX subscription_history_subscription_idx ON subscription_history (subscription_id, id);

CREATE FUNCTION subscription_history_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
  RAISE EXCEPTION 'subscription_history is append-only';
END
$$;
CREATE TRIGGER subscription_history_append_only
  BEFORE UPDATE OR DELETE ON subscription_history
  FOR EACH ROW EXECUTE FUNCTION subscription_history_append_only();
