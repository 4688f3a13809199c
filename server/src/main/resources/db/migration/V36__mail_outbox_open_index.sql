-- The outbox's metrics count mails that are not sent yet (or were given up on) at every scrape: an
-- index over those rows only keeps that cheap however many sent mails the table holds.
CREATE INDEX mail_message_open_idx ON mail_message (status) WHERE status <> 'SENT';
