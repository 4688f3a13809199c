package io.tossbill.customer;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A paying customer.
 *
 * @param id the customer's identity
 * @param customerKey the random key Toss knows this customer by; made once and kept for life
 * @param email where receipts and notices go
 * @param name how the customer is addressed
 * @param externalId the merchant's own id for this customer
 * @param createdAt when the customer was created
 * @param locale the language of the customer's mails and pages: Korean or English
 */
public record Customer(
    CustomerId id,
    String customerKey,
    @Nullable String email,
    @Nullable String name,
    @Nullable String externalId,
    Instant createdAt,
    Locale locale) {

  public Customer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customerKey, "customerKey");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(locale, "locale");
  }
}
