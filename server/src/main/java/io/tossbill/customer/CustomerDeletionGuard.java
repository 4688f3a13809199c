package io.tossbill.customer;

import java.util.Optional;

/**
 * Asked before a customer is deleted. Another module (the billing engine) implements it to refuse
 * while the customer still has a live subscription; every guard bean is asked.
 */
public interface CustomerDeletionGuard {

  /** Empty when the customer may leave; otherwise why not, shown to the caller with 409. */
  Optional<Refusal> refuseDeletion(CustomerId id);

  /**
   * Why a customer may not be deleted yet.
   *
   * @param code a stable code, e.g. {@code CUSTOMER_HAS_LIVE_SUBSCRIPTION}
   */
  /** A refusal: its code, and its message's key in the {@code messages/api} bundle. */
  record Refusal(String code, String key) {}
}
