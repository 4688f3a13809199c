-- Lifecycle notices (io.tossbill.notice): the notices of payment outcomes, asked for in the
-- transaction that recorded the outcome (a billing run's outcomes are written a batch per
-- transaction) and composed into the mail outbox in batches after the commit (NoticeQueue). A row
-- exists exactly when its cause committed and lives until its notice is in the outbox; the
-- outbox's dedupe key makes a row composed twice mail once.
CREATE TABLE notice_request
(
  id         BIGSERIAL   PRIMARY KEY,
  event_type TEXT        NOT NULL,
  payload    TEXT        NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  attempts   INT         NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  not_before TIMESTAMPTZ NOT NULL,
  last_error TEXT
);

CREATE INDEX notice_request_due_idx ON notice_request (not_before, id);
