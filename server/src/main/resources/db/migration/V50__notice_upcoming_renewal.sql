-- Lifecycle notices (io.tossbill.notice): which periods' "renewal coming up" notice was claimed.
-- A row is inserted in the transaction that asks the mail outbox for the notice, so the notice is
-- claimed exactly when its mail exists (mail_id is NULL when there was nothing to send: no address,
-- nothing charged); the primary key makes a second pass or a second node find it claimed.
CREATE TABLE notice_upcoming_renewal
(
  subscription_id BIGINT      NOT NULL,
  period_no       INT         NOT NULL CHECK (period_no >= 0),
  customer_id     BIGINT      NOT NULL,
  claimed_at      TIMESTAMPTZ NOT NULL,
  mail_id         BIGINT,
  PRIMARY KEY (subscription_id, period_no)
);
