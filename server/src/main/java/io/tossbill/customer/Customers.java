package io.tossbill.customer;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Creates and finds customers. */
public interface Customers {

  /** The customer, or ApiException 404 {@code CUSTOMER_NOT_FOUND}. */
  Customer require(CustomerId id);

  /** The live (not deleted) customers among {@code ids}, by id: one statement for a batch. */
  Map<CustomerId, Customer> findLive(Collection<CustomerId> ids);

  Optional<Customer> findByCustomerKey(String customerKey);

  /** The live (not deleted) customer with the merchant's own id, if any. */
  Optional<Customer> findByExternalId(String externalId);

  /**
   * A new customer with a fresh random customerKey; refused (400, 409 for a taken external id)
   * unless the fields are valid.
   */
  Customer create(
      @Nullable String email,
      @Nullable String name,
      @Nullable String externalId,
      @Nullable Locale locale);

  /** A new Korean-speaking customer. */
  default Customer create(
      @Nullable String email, @Nullable String name, @Nullable String externalId) {
    return create(email, name, externalId, Locale.KOREAN);
  }
}
