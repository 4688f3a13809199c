package io.tossbill.billing;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A cancel at the period end was scheduled: access lasts until {@code endsAt} (the period end
 * {@code periodEnd} at the charge time), and nothing more is charged. Published once per request
 * (asking again while it is scheduled changes nothing); {@code scheduledAt} tells one request from
 * another after an undo.
 */
public record SubscriptionCancelScheduled(
    SubscriptionId subscriptionId,
    CustomerId customerId,
    PlanId planId,
    LocalDate periodEnd,
    Instant endsAt,
    Instant scheduledAt)
    implements SubscriptionEvent {}
