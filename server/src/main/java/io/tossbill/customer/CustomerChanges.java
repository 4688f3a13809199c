package io.tossbill.customer;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A change to a customer: each field given is set (an empty name or external id removes it), each
 * null field stays as it is.
 */
record CustomerChanges(
    @Nullable String email,
    @Nullable String name,
    @Nullable String externalId,
    @Nullable Locale locale) {}
