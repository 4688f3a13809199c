package io.tossbill.testing;

import java.util.UUID;

/** Email addresses for test customers: every customer needs one, and each is new. */
public final class TestEmails {

  private TestEmails() {}

  /** A new address at example.com (a domain that never receives mail). */
  public static String next() {
    return "c-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
  }
}
