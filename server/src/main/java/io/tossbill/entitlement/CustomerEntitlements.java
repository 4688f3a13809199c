package io.tossbill.entitlement;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A customer's entitlements now: each feature of the plans of the subscriptions that give access
 * (active or trialing; past due on a plan that keeps access during the grace period; never paused,
 * canceled or ended), merged by {@link Grant#or}.
 *
 * @param customerId the customer
 * @param features each feature's grant, by name
 * @param subscriptionIds the subscriptions that give access, newest first
 * @param computedAt when this was read from the database
 */
public record CustomerEntitlements(
    long customerId, Map<String, Grant> features, List<Long> subscriptionIds, Instant computedAt) {

  /** The grant of {@code feature}, if any subscription gives it. */
  public Optional<Grant> feature(String feature) {
    return Optional.ofNullable(features.get(feature));
  }
}
