package io.tossbill.catalog;

import java.util.Set;

/** Whether a plan accepts new subscriptions. An archived plan keeps its existing subscriptions. */
public enum PlanStatus {
  ACTIVE,
  ARCHIVED;

  /** The statuses this one may move to. Archiving is final: make a new plan instead. */
  public Set<PlanStatus> next() {
    return switch (this) {
      case ACTIVE -> Set.of(ARCHIVED);
      case ARCHIVED -> Set.of();
    };
  }

  public boolean canMoveTo(PlanStatus target) {
    return next().contains(target);
  }
}
