package io.tossbill.toss;

import org.jspecify.annotations.Nullable;

/** Body of {@code POST /v1/billing/{billingKey}}; amounts are whole won. */
public record ChargeRequest(
    String customerKey,
    long amount,
    String orderId,
    String orderName,
    @Nullable String customerEmail,
    @Nullable String customerName,
    @Nullable Long taxFreeAmount) {

  public ChargeRequest {
    require(customerKey, "customerKey");
    require(orderId, "orderId");
    require(orderName, "orderName");
    if (amount <= 0) {
      throw new IllegalArgumentException("amount must be positive won, was " + amount);
    }
  }

  public static ChargeRequest of(
      String customerKey, long amount, String orderId, String orderName) {
    return new ChargeRequest(customerKey, amount, orderId, orderName, null, null, null);
  }

  public ChargeRequest withCustomer(@Nullable String email, @Nullable String name) {
    return new ChargeRequest(customerKey, amount, orderId, orderName, email, name, taxFreeAmount);
  }

  private static void require(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
