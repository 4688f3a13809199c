package io.tossbill.mail;

/**
 * Where an outgoing mail is. HELD: no SMTP server is configured, the mail waits in the outbox page;
 * UNKNOWN: a node stopped while sending it, so it may or may not have left, and it is not sent
 * again unless a person resends it.
 */
public enum MailStatus {
  QUEUED,
  SENDING,
  SENT,
  RETRY,
  FAILED,
  UNKNOWN,
  HELD;

  /** Whether a person may send it (again) from the outbox page. */
  public boolean resendable() {
    return this == SENT || this == FAILED || this == UNKNOWN || this == HELD;
  }
}
