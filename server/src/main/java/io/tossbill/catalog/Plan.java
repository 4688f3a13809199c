package io.tossbill.catalog;

import io.tossbill.platform.Won;
import java.util.Map;
import java.util.Objects;

/**
 * A plan as subscriptions see it. A price of 0 won is a free plan: it is never charged.
 *
 * @param id the plan's identity
 * @param code the merchant's stable name for it, {@code [a-z0-9-]{2,40}}
 * @param name the name shown to subscribers
 * @param description a longer text shown to subscribers, possibly empty
 * @param price the current price of one period; applies to new subscriptions at once
 * @param interval how long one period is
 * @param trialDays free days before the first charge, 0..365
 * @param features entitlements (key to value) the merchant's product checks
 * @param status whether new subscriptions are accepted
 * @param accessDuringGrace whether a past-due subscriber keeps access while dunning retries
 */
public record Plan(
    PlanId id,
    String code,
    String name,
    String description,
    Won price,
    BillingInterval interval,
    int trialDays,
    Map<String, String> features,
    PlanStatus status,
    boolean accessDuringGrace) {

  public Plan {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(status, "status");
    features = Map.copyOf(features);
  }

  /** A free plan is never charged. */
  public boolean isFree() {
    return price.isZero();
  }

  public boolean isActive() {
    return status == PlanStatus.ACTIVE;
  }
}
