package io.tossbill.toss;

import org.jspecify.annotations.Nullable;

/** Body of {@code POST /v1/billing/authorizations/card}: card data exchanged for a billing key. */
public record CardBillingRequest(
    String customerKey,
    String cardNumber,
    String cardExpirationYear,
    String cardExpirationMonth,
    String customerIdentityNumber,
    @Nullable String cardPassword,
    @Nullable String customerName,
    @Nullable String customerEmail) {

  /** Never prints the card number, password or identity number. */
  @Override
  public String toString() {
    return "CardBillingRequest[customerKey=" + customerKey + ", card=****]";
  }
}
