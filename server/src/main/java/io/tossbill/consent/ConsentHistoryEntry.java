package io.tossbill.consent;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One step of a consent, append-only: who did what when, on which channel, and the text shown.
 *
 * @param requestId the request it concerns; null for a charge blocked without any request
 * @param actor {@code system}, or the API key that recorded the subscriber's answer
 */
public record ConsentHistoryEntry(
    long id,
    @Nullable Long requestId,
    long subscriptionId,
    long customerId,
    Instant occurredAt,
    String action,
    String actor,
    @Nullable String channel,
    @Nullable String ip,
    @Nullable String shownText,
    @Nullable String textHash,
    String detail) {}
