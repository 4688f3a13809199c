-- Outgoing mail. A row is written in the transaction of whatever asked for the mail (with a unique
-- dedupe key per cause, so one event never makes two mails), rendered once, then sent from the
-- outbox: QUEUED → SENDING → SENT, or RETRY with backoff → FAILED. A SENDING row whose node died
-- mid-send becomes UNKNOWN and is never sent again by itself (a person may resend it). Without an
-- SMTP server (the default run) mails are HELD: the admin console's outbox page shows them.
CREATE TABLE mail_message
(
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dedupe_key      TEXT        NOT NULL CHECK (char_length(dedupe_key) BETWEEN 1 AND 200),
  template        TEXT        NOT NULL CHECK (template ~ '^[a-z0-9-]{1,60}$'),
  locale          TEXT        NOT NULL CHECK (locale IN ('ko', 'en')),
  to_address      TEXT        NOT NULL CHECK (char_length(to_address) <= 254),
  subject         TEXT        NOT NULL,
  html_body       TEXT        NOT NULL,
  text_body       TEXT        NOT NULL,
  sensitive       BOOLEAN     NOT NULL DEFAULT false,
  status          TEXT        NOT NULL CHECK (status IN
                    ('QUEUED', 'SENDING', 'SENT', 'RETRY', 'FAILED', 'UNKNOWN', 'HELD')),
  attempts        INT         NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  resends         INT         NOT NULL DEFAULT 0 CHECK (resends >= 0),
  next_attempt_at TIMESTAMPTZ,
  sending_since   TIMESTAMPTZ,
  last_error      TEXT,
  message_id      TEXT        NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL,
  sent_at         TIMESTAMPTZ,
  CONSTRAINT mail_message_dedupe_key_unique UNIQUE (dedupe_key),
  CONSTRAINT mail_message_due_has_time CHECK (status NOT IN ('QUEUED', 'RETRY') OR next_attempt_at IS NOT NULL),
  CONSTRAINT mail_message_sending_has_time CHECK (status <> 'SENDING' OR sending_since IS NOT NULL)
);
CREATE INDEX mail_message_due_idx ON mail_message (next_attempt_at) WHERE status IN ('QUEUED', 'RETRY');
CREATE INDEX mail_message_sending_idx ON mail_message (sending_since) WHERE status = 'SENDING';
CREATE INDEX mail_message_created_idx ON mail_message (created_at DESC, id DESC);
