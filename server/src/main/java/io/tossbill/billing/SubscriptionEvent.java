package io.tossbill.billing;

import io.tossbill.customer.CustomerId;

/** Something that happened to a subscription, published when it commits. */
public sealed interface SubscriptionEvent
    permits SubscriptionCreated,
        SubscriptionRenewed,
        SubscriptionPastDue,
        SubscriptionCanceled,
        SubscriptionCancelScheduled,
        SubscriptionExpired,
        SubscriptionPaused,
        SubscriptionResumed,
        PriceChangeScheduled {

  SubscriptionId subscriptionId();

  CustomerId customerId();
}
