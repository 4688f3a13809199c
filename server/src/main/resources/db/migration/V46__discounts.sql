-- The discount a subscription holds (the billing module), frozen when applied: percent or fixed won
-- off the periods first..last (last NULL: forever), on the plans listed (empty: every plan).
ALTER TABLE subscription
  ADD COLUMN discount_coupon_id         BIGINT,
  ADD COLUMN discount_promotion_code_id BIGINT,
  ADD COLUMN discount_code              TEXT,
  ADD COLUMN discount_percent_off       INT CHECK (discount_percent_off BETWEEN 1 AND 100),
  ADD COLUMN discount_amount_off        BIGINT CHECK (discount_amount_off >= 1),
  ADD COLUMN discount_first_period      INT CHECK (discount_first_period >= 1),
  ADD COLUMN discount_last_period       INT,
  ADD COLUMN discount_plan_ids          BIGINT[],
  ADD CONSTRAINT subscription_discount_whole CHECK (
    (discount_coupon_id IS NULL AND discount_promotion_code_id IS NULL AND discount_code IS NULL
      AND discount_percent_off IS NULL AND discount_amount_off IS NULL AND discount_first_period IS NULL
      AND discount_last_period IS NULL AND discount_plan_ids IS NULL)
    OR (discount_coupon_id IS NOT NULL AND discount_code IS NOT NULL
      AND (discount_percent_off IS NULL) <> (discount_amount_off IS NULL)
      AND discount_first_period IS NOT NULL
      AND (discount_last_period IS NULL OR discount_last_period >= discount_first_period)
      AND discount_plan_ids IS NOT NULL));

-- The ledger (the payment module) keeps what a discount took off beside what was charged.
ALTER TABLE payment
  ADD COLUMN discount      BIGINT NOT NULL DEFAULT 0 CHECK (discount >= 0),
  ADD COLUMN discount_code TEXT,
  ADD CONSTRAINT payment_discount_code CHECK ((discount > 0) = (discount_code IS NOT NULL));
