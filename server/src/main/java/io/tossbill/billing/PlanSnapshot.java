package io.tossbill.billing;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.Plan;
import io.tossbill.catalog.PlanId;
import io.tossbill.platform.Won;

/**
 * A plan as a subscription holds it: what it was sold at, frozen at subscribe, at a scheduled
 * change or at an upgrade's quote, so a later catalog change never changes what was agreed.
 */
public record PlanSnapshot(
    PlanId planId, String name, Won price, BillingInterval interval, boolean accessDuringGrace) {

  static PlanSnapshot of(Plan plan) {
    return new PlanSnapshot(
        plan.id(), plan.name(), plan.price(), plan.interval(), plan.accessDuringGrace());
  }

  /** The same plan at another price (an operator's price change). */
  PlanSnapshot at(Won newPrice) {
    return new PlanSnapshot(planId, name, newPrice, interval, accessDuringGrace);
  }
}
