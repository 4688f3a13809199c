package io.tossbill.customer;

import java.util.Objects;

/**
 * A card that can be charged now, with its billing key decrypted. Hold it only for the duration of
 * a charge; its {@code toString()} never prints the billing key.
 */
public record ChargeableCard(
    CardId id, CustomerId customerId, String customerKey, String billingKey, CardSummary summary) {

  public ChargeableCard {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(customerKey, "customerKey");
    Objects.requireNonNull(billingKey, "billingKey");
    Objects.requireNonNull(summary, "summary");
  }

  @Override
  public String toString() {
    return "ChargeableCard[id="
        + id
        + ", customerId="
        + customerId
        + ", billingKey=***, summary="
        + summary
        + "]";
  }
}
