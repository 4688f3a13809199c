package io.tossbill.account;

import io.tossbill.customer.CustomerId;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A subscriber's account.
 *
 * @param customerId the customer this account pays as
 * @param locale the language of its mails
 */
public record Account(
    long id,
    String email,
    @Nullable String name,
    CustomerId customerId,
    Locale locale,
    Instant createdAt) {}
