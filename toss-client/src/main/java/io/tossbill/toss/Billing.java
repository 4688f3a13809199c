package io.tossbill.toss;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** Toss's Billing object: the billing key issued for a customerKey, with the card it charges. */
public record Billing(
    @Nullable String mId,
    String customerKey,
    @Nullable OffsetDateTime authenticatedAt,
    @Nullable String method,
    String billingKey,
    @Nullable BillingCard card) {

  /** The card summary Toss returns; the number is already masked. */
  public record BillingCard(
      @Nullable String issuerCode,
      @Nullable String acquirerCode,
      @Nullable String number,
      @Nullable String cardType,
      @Nullable String ownerType) {}

  /** Never prints the billing key. */
  @Override
  public String toString() {
    return "Billing[customerKey=" + customerKey + ", method=" + method + ", card=" + card + "]";
  }
}
