package io.tossbill.portal;

import java.io.Serializable;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The principal of a browser that opened a checkout or portal link: it acts for one customer until
 * {@code validUntil}, a checkout link for that link's checkout only. Kept in the HTTP session.
 */
record LinkAccess(
    Kind kind,
    String sessionId,
    long customerId,
    @Nullable Long planId,
    @Nullable String returnUrl,
    @Nullable String cancelUrl,
    Instant validUntil)
    implements Serializable {

  enum Kind {
    CHECKOUT,
    PORTAL
  }

  @Override
  public String toString() {
    return "LinkAccess[" + kind + " " + sessionId + ", customer " + customerId + "]";
  }
}
