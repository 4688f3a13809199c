-- Fixes to the billing core after review (see docs/billing.md).

-- The card an attempt was sent to: a re-send by the janitor goes to this card only, because Toss
-- matches an Idempotency-Key per URL and the URL holds the billing key.
ALTER TABLE payment ADD COLUMN card_id BIGINT;
-- When the attempt was first handed to Toss (server time); re-sends stop after the resend window.
ALTER TABLE payment ADD COLUMN sent_at TIMESTAMPTZ;
-- The Toss error code of an UNKNOWN outcome that Toss answered with an error body (not a timeout,
-- reset or 409 in flight): if the read-back finds no payment, nothing happened and it is a decline.
ALTER TABLE payment ADD COLUMN answered_code TEXT;
-- The janitor stopped re-sending (resend window over): read back only, a person has to look at it.
ALTER TABLE payment ADD COLUMN needs_review BOOLEAN NOT NULL DEFAULT false;

-- Refunds: how often the cancel was sent (capped), and the review flag once the cap is reached.
ALTER TABLE refund ADD COLUMN send_count INT NOT NULL DEFAULT 0;
ALTER TABLE refund ADD COLUMN needs_review BOOLEAN NOT NULL DEFAULT false;
-- The janitor claims UNKNOWN refunds and PENDING ones gone stale (a crash before the cancel was sent).
CREATE INDEX refund_open_idx ON refund (requested_at) WHERE status IN ('PENDING', 'UNKNOWN');

-- The anchor's day of month, kept across re-anchoring on an interval change so the day never drifts
-- (Jan 31 monthly, every 3 months from Apr 30: Jul 31, Oct 31).
ALTER TABLE subscription ADD COLUMN anchor_day INT;
UPDATE subscription SET anchor_day = EXTRACT(DAY FROM anchor_date);
ALTER TABLE subscription ALTER COLUMN anchor_day SET NOT NULL;
ALTER TABLE subscription ADD CONSTRAINT subscription_anchor_day_check CHECK (anchor_day BETWEEN 1 AND 31);

-- charge_time is now a per-subscription override; NULL follows tossbill.billing.charge-time. Every
-- existing value was a copy of that setting.
ALTER TABLE subscription ALTER COLUMN charge_time DROP NOT NULL;
UPDATE subscription SET charge_time = NULL;
