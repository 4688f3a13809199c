package io.tossbill.catalog;

import java.util.List;
import java.util.Optional;

/** Reads the plans on sale. */
public interface Catalog {

  /** The plan, or ApiException 404 {@code PLAN_NOT_FOUND}. */
  Plan require(PlanId id);

  Optional<Plan> find(PlanId id);

  /** Plans that accept new subscriptions, cheapest first. */
  List<Plan> activePlans();
}
