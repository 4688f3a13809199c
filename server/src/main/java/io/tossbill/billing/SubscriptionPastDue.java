package io.tossbill.billing;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A renewal was declined; {@code nextRetryAt} is null when only a new card can continue it. */
public record SubscriptionPastDue(
    SubscriptionId subscriptionId,
    CustomerId customerId,
    PlanId planId,
    int periodNo,
    String failureCode,
    String declineKind,
    @Nullable Instant nextRetryAt)
    implements SubscriptionEvent {}
