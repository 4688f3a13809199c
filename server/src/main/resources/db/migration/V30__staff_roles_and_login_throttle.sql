-- Staff of the admin console have a role: ADMIN (everything) or SUPPORT (sees everything; may cancel,
-- retry and resend, but not refund, edit plans, or manage keys and staff). Existing users are admins.
ALTER TABLE admin_user
  ADD COLUMN role TEXT NOT NULL DEFAULT 'ADMIN' CHECK (role IN ('ADMIN', 'SUPPORT')),
  ADD COLUMN last_login_at TIMESTAMPTZ,
  ADD COLUMN password_changed_at TIMESTAMPTZ;

-- Failed logins (staff and subscribers), for throttling: too many failures for one login name, or
-- from one address, within the window block further attempts for a while. Old rows are deleted.
CREATE TABLE login_failure
(
  id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  realm    TEXT        NOT NULL CHECK (realm IN ('STAFF', 'SUBSCRIBER')),
  username TEXT        NOT NULL CHECK (char_length(username) <= 200),
  ip       TEXT CHECK (char_length(ip) <= 64),
  at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failure_username_idx ON login_failure (realm, username, at);
CREATE INDEX login_failure_ip_idx ON login_failure (ip, at) WHERE ip IS NOT NULL;
CREATE INDEX login_failure_at_idx ON login_failure (at);
