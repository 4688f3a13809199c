package io.tossbill.customer;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Creates and finds customers. */
public interface Customers {

  /** The customer, or ApiException 404 {@code CUSTOMER_NOT_FOUND}. */
  Customer require(CustomerId id);

  Optional<Customer> findByCustomerKey(String customerKey);

  /** A new customer with a fresh random customerKey. */
  Customer create(@Nullable String email, @Nullable String name, @Nullable String externalId);
}
