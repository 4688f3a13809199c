-- Coupons (the coupon module): what a discount grants, and the customer-facing promotion codes that
-- redeem it. Codes are stored upper-case and matched without regard to case.
CREATE TABLE coupon
(
  id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code             TEXT        NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{2,39}$'),
  name             TEXT        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  percent_off      INT CHECK (percent_off BETWEEN 1 AND 100),
  amount_off       BIGINT CHECK (amount_off BETWEEN 1 AND 1000000000),
  duration         TEXT        NOT NULL CHECK (duration IN ('ONCE', 'REPEATING', 'FOREVER')),
  duration_periods INT CHECK (duration_periods BETWEEN 1 AND 120),
  max_redemptions  INT CHECK (max_redemptions >= 1),
  times_redeemed   INT         NOT NULL DEFAULT 0 CHECK (times_redeemed >= 0),
  redeem_by        TIMESTAMPTZ,
  first_time_only  BOOLEAN     NOT NULL DEFAULT false,
  active           BOOLEAN     NOT NULL DEFAULT true,
  created_at       TIMESTAMPTZ NOT NULL,
  CONSTRAINT coupon_code_unique UNIQUE (code),
  CONSTRAINT coupon_percent_or_amount CHECK ((percent_off IS NULL) <> (amount_off IS NULL)),
  CONSTRAINT coupon_periods_when_repeating CHECK ((duration = 'REPEATING') = (duration_periods IS NOT NULL)),
  -- the redemption limit, held by the database: a coupon is never redeemed more often than it allows
  CONSTRAINT coupon_within_limit CHECK (max_redemptions IS NULL OR times_redeemed <= max_redemptions)
);

-- The plans a coupon applies to; none: every plan.
CREATE TABLE coupon_plan
(
  coupon_id BIGINT NOT NULL REFERENCES coupon (id),
  plan_id   BIGINT NOT NULL,
  PRIMARY KEY (coupon_id, plan_id)
);

CREATE TABLE promotion_code
(
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  coupon_id       BIGINT      NOT NULL REFERENCES coupon (id),
  code            TEXT        NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{2,39}$'),
  active          BOOLEAN     NOT NULL DEFAULT true,
  max_redemptions INT CHECK (max_redemptions >= 1),
  times_redeemed  INT         NOT NULL DEFAULT 0 CHECK (times_redeemed >= 0),
  expires_at      TIMESTAMPTZ,
  first_time_only BOOLEAN     NOT NULL DEFAULT false,
  created_at      TIMESTAMPTZ NOT NULL,
  CONSTRAINT promotion_code_code_unique UNIQUE (code),
  CONSTRAINT promotion_code_within_limit CHECK (max_redemptions IS NULL OR times_redeemed <= max_redemptions)
);
CREATE INDEX promotion_code_coupon_idx ON promotion_code (coupon_id, id);

-- One row per redemption, numbered per coupon (and per promotion code) from 1: a number is used
-- once, and never beyond the limit, so the rows themselves can never outnumber it.
CREATE TABLE coupon_redemption
(
  id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  coupon_id             BIGINT      NOT NULL REFERENCES coupon (id),
  coupon_use_no         INT         NOT NULL CHECK (coupon_use_no >= 1),
  promotion_code_id     BIGINT REFERENCES promotion_code (id),
  promotion_code_use_no INT CHECK (promotion_code_use_no >= 1),
  customer_id           BIGINT      NOT NULL,
  subscription_id       BIGINT      NOT NULL,
  channel               TEXT        NOT NULL CHECK (channel IN ('API', 'CHECKOUT', 'ADMIN')),
  redeemed_at           TIMESTAMPTZ NOT NULL,
  CONSTRAINT coupon_redemption_use_unique UNIQUE (coupon_id, coupon_use_no),
  CONSTRAINT coupon_redemption_code_use_unique UNIQUE (promotion_code_id, promotion_code_use_no),
  CONSTRAINT coupon_redemption_code_use CHECK ((promotion_code_id IS NULL) = (promotion_code_use_no IS NULL))
);
CREATE INDEX coupon_redemption_coupon_idx ON coupon_redemption (coupon_id, id);
CREATE INDEX coupon_redemption_customer_idx ON coupon_redemption (customer_id);

CREATE FUNCTION coupon_redemption_within_limit() RETURNS trigger LANGUAGE plpgsql AS
$$
DECLARE
  coupon_limit INT;
  code_limit   INT;
BEGIN
  SELECT max_redemptions INTO coupon_limit FROM coupon WHERE id = NEW.coupon_id;
  IF coupon_limit IS NOT NULL AND NEW.coupon_use_no > coupon_limit THEN
    RAISE EXCEPTION 'coupon % allows % redemptions, this is number %', NEW.coupon_id, coupon_limit,
      NEW.coupon_use_no USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.promotion_code_id IS NOT NULL THEN
    SELECT max_redemptions INTO code_limit FROM promotion_code WHERE id = NEW.promotion_code_id;
    IF code_limit IS NOT NULL AND NEW.promotion_code_use_no > code_limit THEN
      RAISE EXCEPTION 'promotion code % allows % redemptions, this is number %', NEW.promotion_code_id,
        code_limit, NEW.promotion_code_use_no USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER coupon_redemption_within_limit
  BEFORE INSERT ON coupon_redemption
  FOR EACH ROW EXECUTE FUNCTION coupon_redemption_within_limit();

CREATE FUNCTION coupon_redemption_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
  RAISE EXCEPTION 'coupon_redemption is append-only';
END
$$;
CREATE TRIGGER coupon_redemption_append_only
  BEFORE UPDATE OR DELETE ON coupon_redemption
  FOR EACH ROW EXECUTE FUNCTION coupon_redemption_append_only();
