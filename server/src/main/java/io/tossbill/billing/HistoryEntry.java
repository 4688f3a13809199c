package io.tossbill.billing;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One line of a subscription's append-only history, as the admin timeline shows it. */
public record HistoryEntry(
    long id,
    Instant occurredAt,
    String kind,
    @Nullable SubscriptionStatus fromStatus,
    SubscriptionStatus toStatus,
    int periodNo,
    String detail) {}
