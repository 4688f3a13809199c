package io.tossbill.webhook;

import org.jspecify.annotations.Nullable;

/**
 * Toss reported a billing key deleted (BILLING_DELETED). Toss offers no read-back for billing keys,
 * so this is the body's word; the worst a forged one can do is make us ask for a new card.
 * {@code toString()} never prints the billing key.
 */
public record TossBillingKeyDeleted(String transmissionId, String billingKey, @Nullable String reason) {

  @Override
  public String toString() {
    return "TossBillingKeyDeleted[transmissionId=" + transmissionId + ", billingKey=" + WebhookMasking.mask(billingKey)
        + ", reason=" + reason + "]";
  }
}
