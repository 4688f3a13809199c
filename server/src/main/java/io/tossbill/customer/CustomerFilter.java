package io.tossbill.customer;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which customers a list shows: by email (any case) or the merchant's id, created in {@code
 * [createdFrom, createdTo)}, deleted ones only when asked.
 */
record CustomerFilter(
    @Nullable String email,
    @Nullable String externalId,
    @Nullable Instant createdFrom,
    @Nullable Instant createdTo,
    boolean includeDeleted) {}
