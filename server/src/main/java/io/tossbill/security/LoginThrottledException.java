package io.tossbill.security;

import java.time.Instant;
import org.springframework.security.core.AuthenticationException;

/** Too many failed logins: this one was not even checked. */
public final class LoginThrottledException extends AuthenticationException {

  private final Instant until;

  LoginThrottledException(Instant until) {
    super("too many failed logins");
    this.until = until;
  }

  /** When logins are allowed again. */
  public Instant until() {
    return until;
  }
}
